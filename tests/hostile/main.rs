//! The hostile-input suite (#22): files and fields made to break the app — zip and entity bombs,
//! traversal names, truncated and encrypted files, junk and tampered legacy .doc files, symlink
//! loops, FIFOs, over-long cells, tampered identities, hostile backups. Every case asserts a
//! Chinese message, a non-zero exit and a database whose content is unchanged (for restore: a
//! live file that is byte-identical).
//!
//! One module per surface; each case is a `#[test]` named after what it tries.

#[path = "../common/mod.rs"]
mod common;

mod harness;

mod export;
mod fields;
mod folder;
mod legacy;
mod plan_file;
mod restore;
mod roster;
