//! Hostile inputs: plan_file.

#[allow(unused_imports)]
use crate::harness::*;
