//! Hostile inputs: roster.

#[allow(unused_imports)]
use crate::harness::*;
