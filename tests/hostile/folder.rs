//! Hostile inputs: folder.

#[allow(unused_imports)]
use crate::harness::*;
