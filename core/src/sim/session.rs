//! One scenario resolved against one deployment, for a caller that wants
//! more than one report out of it: the browser playground runs the report
//! and, separately, the capacity search in steps between frames.
//! [`super::simulate`] is `Session::new` then [`Session::report`].

use super::capacity::{self, Capacity};
use super::report::{Report, ScenarioReport};
use super::routing::{Engine, Plan};
use super::topology::Topology;
use super::{Scenario, SimError};
use crate::lint::LintResult;
use std::sync::Arc;

/// A deployment and a scenario, checked and resolved.
#[derive(Clone, Debug)]
pub struct Session {
    topology: Arc<Topology>,
    plan: Plan,
    scenario: ScenarioReport,
    find_capacity: bool,
}

impl Session {
    /// Fails as [`super::simulate`] does: no servers, an entry or a failed
    /// pod that is not there, a count above its limit.
    pub fn new(result: &LintResult, scenario: &Scenario) -> Result<Session, SimError> {
        let mut topology = Topology::from_lint(result)?;
        let plan = super::plan(&mut topology, result, scenario)?;
        let scenario_report = super::scenario_report(&topology, &plan, scenario);
        Ok(Session {
            topology: Arc::new(topology),
            plan,
            scenario: scenario_report,
            find_capacity: scenario.find_capacity,
        })
    }

    /// Routes every publisher and player; with [`Scenario::find_capacity`],
    /// runs the whole capacity search too.
    pub fn report(&self) -> Report {
        let out = Engine::run(&self.topology, &self.plan);
        let mut report = Report::new(&self.topology, &self.plan, &out, self.scenario.clone());
        if self.find_capacity {
            report.capacity = Some(capacity::find(&self.topology, &self.plan));
        }
        report
    }

    /// The capacity search of this scenario, to run a step at a time.
    pub fn capacity_search(&self) -> CapacitySearch {
        CapacitySearch {
            search: capacity::Search::new(Arc::clone(&self.topology), &self.plan),
        }
    }
}

/// [`capacity::find`] in steps: each [`CapacitySearch::step`] runs one
/// simulation, so a caller on a UI thread can yield between them.
#[derive(Clone, Debug)]
pub struct CapacitySearch {
    search: capacity::Search<Arc<Topology>>,
}

impl CapacitySearch {
    /// One simulation; the capacity once the search is done.
    pub fn step(&mut self) -> Option<Capacity> {
        self.search.step()
    }

    /// Simulations run, and an estimate of the total (exact when done).
    pub fn progress(&self) -> (u64, u64) {
        self.search.progress()
    }
}
