//! Hostile inputs: fields.

#[allow(unused_imports)]
use crate::harness::*;
