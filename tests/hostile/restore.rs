//! Hostile inputs: restore.

#[allow(unused_imports)]
use crate::harness::*;
