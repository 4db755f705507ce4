//! Reading a plan-import draft in tests.

use taizhang::plan::draft::{DraftSection, DraftTask, PlanDraft};

/// Each task of `draft`, in order, with the section it is under (`None` when it has none).
pub fn tasks_with_sections(
    draft: &PlanDraft,
) -> impl Iterator<Item = (Option<&DraftSection>, &DraftTask)> {
    draft.tasks.iter().map(|t| {
        let section = t
            .section
            .as_ref()
            .and_then(|k| draft.sections.iter().find(|s| &s.key == k));
        (section, t)
    })
}
