//! Hostile inputs: export.

#[allow(unused_imports)]
use crate::harness::*;
