//! The 领导小组 named in a plan: read by [`crate::plan::roster::document`] (lines, sentences,
//! tables), which owns the roster's vocabulary.

use crate::plan::draft::DraftMember;

/// The 领导小组 members a document lists.
pub(super) fn roster(lines: &[String], tables: &[&Vec<Vec<String>>]) -> Vec<DraftMember> {
    crate::plan::roster::document::read(lines, tables).members()
}
