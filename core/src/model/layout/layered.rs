//! A layered (Sugiyama-style) drawing of a directed graph, left to right:
//! cycles broken by reversing DFS back edges, layers by longest path, long
//! edges split into chains of dummy vertices, crossings reduced by
//! barycenter sweeps (the best order seen is kept), then integer
//! coordinates and one SVG path per edge.
//!
//! It knows nothing of deployments: boxes and edges in, boxes placed and
//! paths out. Everything is deterministic: ties break by input order.

use std::fmt::Write as _;

/// Space around the drawing.
pub const MARGIN: i32 = 24;
/// Between two layers' columns: room for curves and same-layer arcs.
const LAYER_GAP: i32 = 90;
/// Between two boxes of one layer.
const NODE_GAP: i32 = 18;
/// Between chains of dummies (and a dummy and a box) in one layer.
const DUMMY_GAP: i32 = 8;
/// Long edges beyond this many dummies in all are drawn as one curve: a
/// chain per layer crossed costs ordering time, and a paste of a thousand
/// copies would otherwise make a million of them.
pub const MAX_DUMMIES: usize = 4000;
/// Barycenter sweeps (one down and one up each).
const SWEEPS: usize = 4;
/// Coordinate passes that pull boxes towards their neighbours.
const PLACEMENT_PASSES: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub width: i32,
    pub height: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayoutEdge {
    pub from: usize,
    pub to: usize,
    /// Whether the edge sets layers. A reference between peers (coworkers)
    /// would push one of them a layer further for nothing.
    pub ranks: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drawing {
    pub boxes: Vec<Rect>,
    /// One per edge, in input order: an SVG path from the edge's source to
    /// its target (so an arrowhead at the end points at the target).
    pub paths: Vec<String>,
    pub width: i32,
    pub height: i32,
}

/// Places `sizes` (one box per node) and routes `edges` between them.
/// Edges naming a node that does not exist are drawn as empty paths.
pub fn draw(sizes: &[Size], edges: &[LayoutEdge]) -> Drawing {
    let n = sizes.len();
    let valid = |e: &LayoutEdge| e.from < n && e.to < n;
    let layer_of = layers(
        n,
        &edges
            .iter()
            .filter(|e| valid(e) && e.ranks)
            .copied()
            .collect::<Vec<_>>(),
    );
    let mut grid = Grid::new(sizes, &layer_of);
    let routes: Vec<Route> = edges
        .iter()
        .map(|e| {
            if valid(e) {
                grid.route(e.from, e.to)
            } else {
                Route::Missing
            }
        })
        .collect();
    grid.order();
    let boxes = grid.place();
    let paths = routes.iter().map(|r| grid.path(r, &boxes)).collect();
    let width = boxes.iter().map(|b| b.x + b.width).max().unwrap_or(0) + MARGIN;
    let height = boxes.iter().map(|b| b.y + b.height).max().unwrap_or(0) + MARGIN;
    let boxes = boxes.into_iter().take(n).collect();
    Drawing {
        boxes,
        paths,
        width: width.max(2 * MARGIN),
        height: height.max(2 * MARGIN),
    }
}

/// Each node's layer: longest path from the sources of the graph with its
/// back edges reversed, then sources moved next to their nearest target.
fn layers(n: usize, edges: &[LayoutEdge]) -> Vec<usize> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        if e.from != e.to {
            out_edges[e.from].push(e.to);
        }
    }
    // Iterative DFS in node order: an edge to a node still on the stack
    // closes a cycle and is reversed.
    let mut state = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
    let mut dag: Vec<Vec<usize>> = vec![Vec::new(); n];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some(top) = stack.last_mut() {
            let (v, next) = *top;
            if let Some(&w) = out_edges[v].get(next) {
                top.1 += 1;
                match state[w] {
                    0 => {
                        dag[v].push(w);
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => dag[w].push(v),
                    _ => dag[v].push(w),
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    for targets in &mut dag {
        targets.sort_unstable();
        targets.dedup();
    }
    // Kahn's order, smallest index first among the ready ones.
    let mut indegree = vec![0usize; n];
    for targets in &dag {
        for &w in targets {
            indegree[w] += 1;
        }
    }
    let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<usize>> =
        (0..n).filter(|&v| indegree[v] == 0).map(std::cmp::Reverse).collect();
    let mut topo = Vec::with_capacity(n);
    while let Some(std::cmp::Reverse(v)) = ready.pop() {
        topo.push(v);
        for &w in &dag[v] {
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.push(std::cmp::Reverse(w));
            }
        }
    }
    let mut layer = vec![0usize; n];
    for &v in &topo {
        for &w in &dag[v] {
            layer[w] = layer[w].max(layer[v] + 1);
        }
    }
    // A source (a Service, a workload) sits just before what it points at,
    // not in the first column far from it.
    let mut has_source_edge = vec![false; n];
    for targets in &dag {
        for &w in targets {
            has_source_edge[w] = true;
        }
    }
    for &v in topo.iter().rev() {
        if !has_source_edge[v] {
            if let Some(nearest) = dag[v].iter().map(|&w| layer[w]).min() {
                layer[v] = nearest.saturating_sub(1);
            }
        }
    }
    layer
}

/// How an edge runs through the grid.
#[derive(Clone, Debug)]
enum Route {
    /// An endpoint is not a node.
    Missing,
    /// From a node to itself.
    Loop(usize),
    /// Between two nodes of one layer.
    Arc { from: usize, to: usize },
    /// From a lower layer to a higher one through `via` (dummy vertices, one
    /// per layer crossed, possibly none); `reversed` when the edge points
    /// from the higher layer back.
    Span {
        low: usize,
        high: usize,
        via: Vec<usize>,
        reversed: bool,
    },
}

/// Vertices (the nodes, then dummies) in layers, and the segments between
/// adjacent layers.
struct Grid {
    sizes: Vec<Size>,
    layer: Vec<usize>,
    /// Per layer, its vertices in order.
    layers: Vec<Vec<usize>>,
    /// Per vertex: its neighbours in the layer before and after.
    up: Vec<Vec<usize>>,
    down: Vec<Vec<usize>>,
    dummies: usize,
}

impl Grid {
    fn new(sizes: &[Size], layer_of: &[usize]) -> Grid {
        let count = layer_of.iter().max().map_or(0, |m| m + 1);
        let mut layers = vec![Vec::new(); count];
        for (v, &l) in layer_of.iter().enumerate() {
            layers[l].push(v);
        }
        let sizes: Vec<Size> = sizes
            .iter()
            .map(|s| Size {
                width: s.width.max(1),
                height: s.height.max(1),
            })
            .collect();
        Grid {
            up: vec![Vec::new(); sizes.len()],
            down: vec![Vec::new(); sizes.len()],
            sizes,
            layer: layer_of.to_vec(),
            layers,
            dummies: 0,
        }
    }

    fn add_dummy(&mut self, layer: usize) -> usize {
        let v = self.sizes.len();
        self.sizes.push(Size { width: 0, height: 0 });
        self.layer.push(layer);
        self.up.push(Vec::new());
        self.down.push(Vec::new());
        if let Some(l) = self.layers.get_mut(layer) {
            l.push(v);
        }
        self.dummies += 1;
        v
    }

    fn link(&mut self, a: usize, b: usize) {
        self.down[a].push(b);
        self.up[b].push(a);
    }

    fn route(&mut self, from: usize, to: usize) -> Route {
        let (lf, lt) = (self.layer[from], self.layer[to]);
        if from == to {
            return Route::Loop(from);
        }
        if lf == lt {
            return Route::Arc { from, to };
        }
        let (low, high, reversed) = if lf < lt { (from, to, false) } else { (to, from, true) };
        let (l0, l1) = (self.layer[low], self.layer[high]);
        let crossed = l1 - l0 - 1;
        let mut via = Vec::new();
        if self.dummies + crossed <= MAX_DUMMIES {
            let mut prev = low;
            for l in l0 + 1..l1 {
                let d = self.add_dummy(l);
                self.link(prev, d);
                via.push(d);
                prev = d;
            }
            self.link(prev, high);
        } else if crossed == 0 {
            self.link(low, high);
        }
        Route::Span {
            low,
            high,
            via,
            reversed,
        }
    }

    /// Orders every layer by barycenter sweeps, keeping the order with the
    /// fewest crossings.
    fn order(&mut self) {
        let mut best = self.layers.clone();
        let mut best_crossings = self.crossings();
        for _ in 0..SWEEPS {
            if best_crossings == 0 {
                break;
            }
            let mut pos = self.positions();
            for l in 1..self.layers.len() {
                self.sort_layer(l, true, &mut pos);
            }
            for l in (0..self.layers.len().saturating_sub(1)).rev() {
                self.sort_layer(l, false, &mut pos);
            }
            let c = self.crossings();
            if c < best_crossings {
                best_crossings = c;
                best.clone_from(&self.layers);
            }
        }
        self.layers = best;
    }

    fn positions(&self) -> Vec<usize> {
        let mut pos = vec![0usize; self.sizes.len()];
        for layer in &self.layers {
            for (i, &v) in layer.iter().enumerate() {
                pos[v] = i;
            }
        }
        pos
    }

    /// Sorts layer `l` by the mean position of each vertex's neighbours in
    /// the layer before (`by_up`) or after; `pos` is kept up to date.
    fn sort_layer(&mut self, l: usize, by_up: bool, pos: &mut [usize]) {
        let Some(layer) = self.layers.get(l) else { return };
        let mut keyed: Vec<(f64, usize, usize)> = layer
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let neighbours = if by_up { &self.up[v] } else { &self.down[v] };
                #[allow(clippy::cast_precision_loss)]
                let center = if neighbours.is_empty() {
                    // Stays where it is, among the others.
                    i as f64
                } else {
                    neighbours.iter().map(|&w| pos[w] as f64).sum::<f64>() / neighbours.len() as f64
                };
                (center, i, v)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (i, &(_, _, v)) in keyed.iter().enumerate() {
            pos[v] = i;
        }
        self.layers[l] = keyed.into_iter().map(|(_, _, v)| v).collect();
    }

    /// Crossings between all adjacent layers: per pair, the inversions of
    /// the segments' lower ends once sorted by their upper ends, counted
    /// with a Fenwick tree.
    fn crossings(&self) -> usize {
        let pos = self.positions();
        let mut total = 0;
        for l in 0..self.layers.len().saturating_sub(1) {
            let mut segments: Vec<(usize, usize)> = self.layers[l]
                .iter()
                .flat_map(|&v| self.down[v].iter().map(move |&w| (v, w)))
                .map(|(v, w)| (pos[v], pos[w]))
                .collect();
            segments.sort_unstable();
            let size = self.layers.get(l + 1).map_or(0, Vec::len);
            let mut tree = vec![0usize; size + 1];
            for (seen, &(_, b)) in segments.iter().enumerate() {
                // Segments already seen ending after `b` cross this one.
                let mut at_most = 0;
                let mut i = b + 1;
                while i > 0 {
                    at_most += tree.get(i).copied().unwrap_or(0);
                    i -= i & i.wrapping_neg();
                }
                total += seen - at_most;
                let mut i = b + 1;
                while i <= size {
                    tree[i] += 1;
                    i += i & i.wrapping_neg();
                }
            }
        }
        total
    }

    /// Coordinates: layers as columns, each as wide as its widest box;
    /// within a column boxes keep their order and their gaps, pulled
    /// towards the middle of their neighbours by a few alternating passes.
    fn place(&self) -> Vec<Rect> {
        let mut x_of_layer = Vec::with_capacity(self.layers.len());
        let mut width_of_layer = Vec::with_capacity(self.layers.len());
        let mut x = MARGIN;
        for layer in &self.layers {
            let width = layer.iter().map(|&v| self.sizes[v].width).max().unwrap_or(0);
            x_of_layer.push(x);
            width_of_layer.push(width);
            x += width + LAYER_GAP;
        }
        let mut y = vec![0i32; self.sizes.len()];
        for layer in &self.layers {
            let mut next = 0;
            for (i, &v) in layer.iter().enumerate() {
                if i > 0 {
                    next += self.gap(layer[i - 1], v);
                }
                y[v] = next;
                next += self.sizes[v].height;
            }
        }
        // Columns start centred on the tallest.
        let tallest = self.layers.iter().map(|l| self.column_height(l, &y)).max().unwrap_or(0);
        for layer in &self.layers {
            let shift = (tallest - self.column_height(layer, &y)) / 2;
            for &v in layer {
                y[v] += shift;
            }
        }
        for pass in 0..PLACEMENT_PASSES {
            let by_up = pass % 2 == 0;
            let order: Vec<usize> = if by_up {
                (1..self.layers.len()).collect()
            } else {
                (0..self.layers.len().saturating_sub(1)).rev().collect()
            };
            for l in order {
                self.pull(&self.layers[l], by_up, &mut y);
            }
        }
        let top = y.iter().copied().min().unwrap_or(0);
        (0..self.sizes.len())
            .map(|v| {
                let size = self.sizes[v];
                let l = self.layer[v];
                let column_x = x_of_layer.get(l).copied().unwrap_or(MARGIN);
                let column_width = width_of_layer.get(l).copied().unwrap_or(0);
                Rect {
                    x: column_x + (column_width - size.width) / 2,
                    y: y[v] - top + MARGIN,
                    width: size.width,
                    height: size.height,
                }
            })
            .collect()
    }

    fn gap(&self, a: usize, b: usize) -> i32 {
        if a < self.dummy_start() && b < self.dummy_start() {
            NODE_GAP
        } else {
            DUMMY_GAP
        }
    }

    /// The first dummy vertex.
    fn dummy_start(&self) -> usize {
        self.sizes.len() - self.dummies
    }

    fn column_height(&self, layer: &[usize], y: &[i32]) -> i32 {
        match (layer.first(), layer.last()) {
            (Some(&first), Some(&last)) => y[last] + self.sizes[last].height - y[first],
            _ => 0,
        }
    }

    /// Moves one column's vertices towards the mean centre of their
    /// neighbours, in order and without overlap: the average of a top-down
    /// and a bottom-up packing, both of which keep every gap, keeps them too.
    fn pull(&self, layer: &[usize], by_up: bool, y: &mut [i32]) {
        let center = |v: usize, y: &[i32]| y[v] + self.sizes[v].height / 2;
        let wanted: Vec<i32> = layer
            .iter()
            .map(|&v| {
                let neighbours = if by_up { &self.up[v] } else { &self.down[v] };
                if neighbours.is_empty() {
                    return y[v];
                }
                let sum: i64 = neighbours.iter().map(|&w| i64::from(center(w, y))).sum();
                let count = i64::try_from(neighbours.len()).unwrap_or(i64::MAX);
                let mean = i32::try_from(sum / count).unwrap_or(y[v]);
                mean - self.sizes[v].height / 2
            })
            .collect();
        let mut down = wanted.clone();
        for i in 1..layer.len() {
            let floor = down[i - 1] + self.sizes[layer[i - 1]].height + self.gap(layer[i - 1], layer[i]);
            down[i] = down[i].max(floor);
        }
        let mut up = wanted;
        for i in (0..layer.len().saturating_sub(1)).rev() {
            let ceiling = up[i + 1] - self.gap(layer[i], layer[i + 1]) - self.sizes[layer[i]].height;
            up[i] = up[i].min(ceiling);
        }
        for (i, &v) in layer.iter().enumerate() {
            y[v] = (down[i] + up[i]).div_euclid(2);
        }
    }

    fn path(&self, route: &Route, boxes: &[Rect]) -> String {
        let mut out = String::new();
        match *route {
            Route::Missing => {}
            Route::Loop(v) => {
                let b = boxes[v];
                let (x, y1, y2) = (b.x + b.width, b.y + b.height / 3, b.y + 2 * b.height / 3);
                let reach = 30;
                let _ = write!(out, "M{x} {y1} C{} {y1} {} {y2} {x} {y2}", x + reach, x + reach);
            }
            Route::Arc { from, to } => {
                let (a, b) = (boxes[from], boxes[to]);
                let (ax, ay) = (a.x + a.width, a.y + a.height / 2);
                let (bx, by) = (b.x + b.width, b.y + b.height / 2);
                // Out to the right, into the gap before the next column, and
                // back: further for boxes further apart, never past the gap.
                let reach = (24 + (ay - by).abs() / 8).min(LAYER_GAP * 2 / 3);
                let bulge = ax.max(bx) + reach;
                let _ = write!(out, "M{ax} {ay} C{bulge} {ay} {bulge} {by} {bx} {by}");
            }
            Route::Span {
                low,
                high,
                ref via,
                reversed,
            } => {
                let (a, b) = (boxes[low], boxes[high]);
                // Left to right: out of the low box's right side, through
                // each dummy's column in a straight line, into the high
                // box's left side.
                let mut points = vec![(a.x + a.width, a.y + a.height / 2)];
                for &d in via {
                    let l = self.layer[d];
                    let column = self.layers[l]
                        .iter()
                        .filter(|&&v| v < self.dummy_start())
                        .map(|&v| (boxes[v].x, boxes[v].x + boxes[v].width))
                        .fold(None, |acc: Option<(i32, i32)>, (x0, x1)| {
                            Some(acc.map_or((x0, x1), |(a0, a1)| (a0.min(x0), a1.max(x1))))
                        })
                        .unwrap_or((boxes[d].x, boxes[d].x));
                    points.push((column.0, boxes[d].y));
                    points.push((column.1, boxes[d].y));
                }
                points.push((b.x, b.y + b.height / 2));
                if reversed {
                    points.reverse();
                }
                curve_through(&mut out, &points, reversed);
            }
        }
        out
    }
}

/// Points alternate: a curve between columns, a straight line through a
/// column; every curve leaves and arrives horizontally, so the joins are
/// smooth. `leftwards` when the path runs right to left.
fn curve_through(out: &mut String, points: &[(i32, i32)], leftwards: bool) {
    let Some(&(x0, y0)) = points.first() else { return };
    let _ = write!(out, "M{x0} {y0}");
    for (i, pair) in points.windows(2).enumerate() {
        let ((xa, ya), (xb, yb)) = (pair[0], pair[1]);
        if i % 2 == 1 {
            let _ = write!(out, " L{xb} {yb}");
            continue;
        }
        let mut reach = (xb - xa).abs() / 2;
        if reach == 0 {
            reach = 1;
        }
        let (ca, cb) = if leftwards {
            (xa - reach, xb + reach)
        } else {
            (xa + reach, xb - reach)
        };
        let _ = write!(out, " C{ca} {ya} {cb} {yb} {xb} {yb}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes(n: usize) -> Vec<Size> {
        vec![Size { width: 100, height: 40 }; n]
    }

    fn edge(from: usize, to: usize) -> LayoutEdge {
        LayoutEdge { from, to, ranks: true }
    }

    fn overlap(a: Rect, b: Rect) -> bool {
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    }

    #[test]
    fn a_chain_runs_left_to_right() {
        let d = draw(&boxes(3), &[edge(0, 1), edge(1, 2)]);
        assert!(d.boxes[0].x < d.boxes[1].x && d.boxes[1].x < d.boxes[2].x, "{d:?}");
        // Straight: each box where its neighbour is.
        assert_eq!(d.boxes[0].y, d.boxes[1].y);
        assert!(d.paths[0].starts_with(&format!("M{} ", d.boxes[0].x + 100)));
    }

    #[test]
    fn a_cycle_still_gets_layers_and_paths() {
        let d = draw(&boxes(3), &[edge(0, 1), edge(1, 2), edge(2, 0)]);
        let columns: std::collections::BTreeSet<i32> = d.boxes.iter().map(|b| b.x).collect();
        assert_eq!(columns.len(), 3, "{d:?}");
        assert!(d.paths.iter().all(|p| p.starts_with('M')));
        // The reversed edge ends at its own target: the left box's right side.
        assert!(
            d.paths[2].ends_with(&format!("{} {}", d.boxes[0].x + 100, d.boxes[0].y + 20)),
            "{d:?}"
        );
    }

    #[test]
    fn peers_share_a_layer_and_get_an_arc() {
        let edges = [
            edge(0, 1),
            edge(0, 2),
            LayoutEdge {
                from: 1,
                to: 2,
                ranks: false,
            },
        ];
        let d = draw(&boxes(3), &edges);
        assert_eq!(d.boxes[1].x, d.boxes[2].x);
        assert!(!overlap(d.boxes[1], d.boxes[2]));
        assert!(d.paths[2].contains(" C"), "{}", d.paths[2]);
    }

    #[test]
    fn barycenter_sweeps_remove_avoidable_crossings() {
        // 0→3, 1→2 drawn in input order would cross once.
        let d = draw(&boxes(4), &[edge(0, 3), edge(1, 2)]);
        let (top, bottom) = if d.boxes[0].y < d.boxes[1].y { (3, 2) } else { (2, 3) };
        assert!(d.boxes[top].y < d.boxes[bottom].y, "{d:?}");
    }

    #[test]
    fn long_edges_pass_through_dummies_without_touching_boxes() {
        // 0→1→2→3 and a shortcut 0→3 crossing two layers.
        let d = draw(&boxes(4), &[edge(0, 1), edge(1, 2), edge(2, 3), edge(0, 3)]);
        assert_eq!(d.paths[3].matches(" L").count(), 2, "{}", d.paths[3]);
        for (i, a) in d.boxes.iter().enumerate() {
            for b in &d.boxes[i + 1..] {
                assert!(!overlap(*a, *b), "{d:?}");
            }
        }
    }

    #[test]
    fn bad_edges_and_self_loops_do_not_panic() {
        let d = draw(&boxes(2), &[edge(0, 7), edge(1, 1), edge(0, 1)]);
        assert_eq!(d.paths[0], "");
        assert!(d.paths[1].starts_with('M'));
        let empty = draw(&[], &[]);
        assert!(empty.boxes.is_empty() && empty.width > 0);
    }

    #[test]
    fn the_worst_case_at_the_bounds_stays_bounded() {
        // A chain through 400 layers and 2,000 edges from its start to its
        // end: without the dummy budget, 800,000 dummies.
        let n = 400;
        let mut edges: Vec<LayoutEdge> = (0..n - 1).map(|i| edge(i, i + 1)).collect();
        edges.extend((0..2000 - (n - 1)).map(|_| edge(0, n - 1)));
        let started = std::time::Instant::now();
        let d = draw(&boxes(n), &edges);
        assert_eq!(d.paths.len(), edges.len());
        assert!(d.paths.iter().all(|p| p.starts_with('M')));
        // Generous: a debug build on a loaded machine; the point is minutes vs. seconds.
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
        let mut grid = Grid::new(&boxes(n), &(0..n).collect::<Vec<_>>());
        for e in &edges {
            grid.route(e.from, e.to);
        }
        assert!(grid.dummies <= MAX_DUMMIES);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        #[test]
        fn any_graph_is_drawn_without_overlap_the_same_each_time(
            sizes in proptest::collection::vec((1i32..300, 1i32..80), 0..25),
            edges in proptest::collection::vec((0usize..28, 0usize..28, proptest::bool::ANY), 0..60),
        ) {
            let sizes: Vec<Size> = sizes.into_iter().map(|(width, height)| Size { width, height }).collect();
            let edges: Vec<LayoutEdge> = edges.into_iter().map(|(from, to, ranks)| LayoutEdge { from, to, ranks }).collect();
            let d = draw(&sizes, &edges);
            proptest::prop_assert_eq!(d.boxes.len(), sizes.len());
            proptest::prop_assert_eq!(d.paths.len(), edges.len());
            for (i, a) in d.boxes.iter().enumerate() {
                proptest::prop_assert!(a.x >= 0 && a.y >= 0 && a.x + a.width <= d.width && a.y + a.height <= d.height);
                for b in &d.boxes[i + 1..] {
                    proptest::prop_assert!(!overlap(*a, *b), "{:?} {:?}", a, b);
                }
            }
            proptest::prop_assert_eq!(draw(&sizes, &edges), d);
        }
    }

    #[test]
    fn crossings_are_counted() {
        let mut g = Grid::new(&boxes(4), &[0, 0, 1, 1]);
        g.route(0, 3);
        g.route(1, 2);
        assert_eq!(g.crossings(), 1);
        g.order();
        assert_eq!(g.crossings(), 0);
    }
}
