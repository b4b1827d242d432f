//! The crate's shape, read from its own source: imports point down the pipeline, files do not
//! import each other in circles, and no library function runs over a hundred lines.
//!
//! These are the promises of the design notes (data flows one way: input → model → timeline →
//! layout → render → writers). A newcomer who breaks one learns it here, with the file and
//! the import that broke it, instead of in a review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// Each top-level module's place in the pipeline. A module may import only modules of a
/// strictly lower rank (or files of its own top-level module).
const RANKS: &[(&str, u32)] = &[
    // Vocabulary every stage shares: problems, escaping, fonts, languages, colours.
    ("color", 0),
    ("diagnostic", 0),
    ("escape", 0),
    ("fonts", 0),
    ("lang", 0),
    ("number_text", 0),
    // The page of shapes that layout produces and renderers consume.
    ("scene", 1),
    // input → model → timeline: bytes, validated records, the state on a date.
    ("input", 2),
    ("model", 3),
    ("bundled", 4),
    ("timeline", 4),
    // The house style.
    ("palette", 5),
    ("theme", 6),
    // The stages that turn a dataset and a style into maps and files.
    ("layout", 7),
    ("export", 7),
    ("render", 7),
    // Products built from the stages.
    ("chart", 8),
    ("viewer", 8),
    ("web", 9),
    // The only code that touches files, the environment and the terminal.
    ("cli", 10),
];

/// The longest a library function may be, in lines from `fn` to its closing brace.
const MAX_FUNCTION_LINES: usize = 100;

/// One source file of the crate: its module path (`["layout", "map"]`) and its syntax tree.
struct SourceFile {
    path: PathBuf,
    module: Vec<String>,
    syntax: syn::File,
}

fn source_files() -> Vec<SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    collect_rust_files(&root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "main.rs"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let syntax = syn::parse_file(&text)
                .unwrap_or_else(|e| panic!("{}: does not parse: {e}", path.display()));
            let module = module_path(&root, &path);
            SourceFile {
                path,
                module,
                syntax,
            }
        })
        .collect()
}

fn collect_rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/layout/map.rs` → `["layout", "map"]`; `src/model/mod.rs` → `["model"]`; `src/lib.rs` → `[]`.
fn module_path(root: &Path, path: &Path) -> Vec<String> {
    let relative = path.strip_prefix(root).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// Whether attributes switch an item off outside tests (`#[cfg(test)]`, `#[test]`).
fn test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("test")
            || (a.path().is_ident("cfg")
                && a.meta
                    .require_list()
                    .is_ok_and(|l| l.tokens.to_string() == "test"))
    })
}

/// Collects every `crate::…` and `super::…` path a file's library code names, and the
/// length of each of its functions.
struct Reader<'a> {
    module: &'a [String],
    paths: Vec<Vec<String>>,
    functions: Vec<(String, usize, usize)>,
}

impl Reader<'_> {
    /// Turns a path as written into an absolute module path, if it is `crate::` or `super::`.
    fn absolute(&self, segments: &[String]) -> Option<Vec<String>> {
        match segments.first().map(String::as_str) {
            Some("crate") => Some(segments[1..].to_vec()),
            Some("super") => {
                // In `a/b.rs` the parent is `a`; in `a/b/mod.rs` (module `a::b`) it is `a` too.
                let mut base = self.module.to_vec();
                let mut rest = segments;
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop();
                    rest = &rest[1..];
                }
                base.extend(rest.iter().cloned());
                Some(base)
            }
            _ => None,
        }
    }

    fn record(&mut self, segments: Vec<String>) {
        if let Some(path) = self.absolute(&segments) {
            self.paths.push(path);
        }
    }

    fn record_use(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.record_use(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut full = prefix.clone();
                full.push(n.ident.to_string());
                self.record(full);
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix.clone();
                full.push(r.ident.to_string());
                self.record(full);
            }
            syn::UseTree::Glob(_) => self.record(prefix.clone()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.record_use(prefix, t);
                }
            }
        }
    }

    /// Reads `crate :: a :: b` runs out of macro tokens, looking inside nested groups.
    fn record_tokens(&mut self, tokens: proc_macro2::TokenStream) {
        let tokens: Vec<proc_macro2::TokenTree> = tokens.into_iter().collect();
        let text = |t: Option<&proc_macro2::TokenTree>| t.map(|t| t.to_string());
        let mut i = 0;
        while i < tokens.len() {
            if let proc_macro2::TokenTree::Group(g) = &tokens[i] {
                self.record_tokens(g.stream());
                i += 1;
                continue;
            }
            let word = tokens[i].to_string();
            if word != "crate" && word != "super" {
                i += 1;
                continue;
            }
            let mut path = vec![word];
            let mut j = i + 1;
            while text(tokens.get(j)).as_deref() == Some(":")
                && text(tokens.get(j + 1)).as_deref() == Some(":")
            {
                match tokens.get(j + 2) {
                    Some(proc_macro2::TokenTree::Ident(id)) => path.push(id.to_string()),
                    _ => break,
                }
                j += 3;
            }
            self.record(path);
            i = j.max(i + 1);
        }
    }

    fn function(&mut self, name: String, sig: &syn::Signature, block: &syn::Block) {
        let start = sig.fn_token.span().start().line;
        let end = block.brace_token.span.close().end().line;
        self.functions.push((name, start, end + 1 - start));
    }
}

impl<'ast> Visit<'ast> for Reader<'_> {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !test_only(&m.attrs) {
            visit::visit_item_mod(self, m);
        }
    }
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if !test_only(&f.attrs) {
            self.function(f.sig.ident.to_string(), &f.sig, &f.block);
            visit::visit_item_fn(self, f);
        }
    }
    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        if !test_only(&i.attrs) {
            visit::visit_item_impl(self, i);
        }
    }
    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if !test_only(&f.attrs) {
            self.function(f.sig.ident.to_string(), &f.sig, &f.block);
            visit::visit_impl_item_fn(self, f);
        }
    }
    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.function(f.sig.ident.to_string(), &f.sig, block);
        }
        visit::visit_trait_item_fn(self, f);
    }
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        if !test_only(&u.attrs) {
            self.record_use(&mut Vec::new(), &u.tree);
        }
    }
    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segments = p.segments.iter().map(|s| s.ident.to_string()).collect();
        self.record(segments);
        visit::visit_path(self, p);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        // Paths inside macro calls (`format!("{}", crate::x::y())`) are tokens, not syntax.
        self.record_tokens(m.tokens.clone());
        visit::visit_macro(self, m);
    }
}

/// What the whole crate imports: for each file's module, the set of file modules it names.
struct Crate {
    files: Vec<SourceFile>,
    imports: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    functions: Vec<(PathBuf, String, usize, usize)>,
}

fn read_crate() -> Crate {
    let files = source_files();
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| f.module.clone()).collect();
    let mut imports = BTreeMap::new();
    let mut functions = Vec::new();
    for file in &files {
        let mut reader = Reader {
            module: &file.module,
            paths: Vec::new(),
            functions: Vec::new(),
        };
        reader.visit_file(&file.syntax);
        let targets: BTreeSet<Vec<String>> = reader
            .paths
            .iter()
            .filter_map(|p| {
                (1..=p.len())
                    .rev()
                    .map(|n| p[..n].to_vec())
                    .find(|prefix| modules.contains(prefix))
            })
            .filter(|m| m != &file.module)
            .collect();
        imports.insert(file.module.clone(), targets);
        for (name, line, len) in reader.functions {
            functions.push((file.path.clone(), name, line, len));
        }
    }
    Crate {
        files,
        imports,
        functions,
    }
}

fn rank(top: &str) -> Option<u32> {
    RANKS.iter().find(|(m, _)| *m == top).map(|(_, r)| *r)
}

fn show(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_string()
    } else {
        module.join("::")
    }
}

#[test]
fn every_import_points_down_the_pipeline() {
    let krate = read_crate();
    let mut problems = Vec::new();
    for file in &krate.files {
        let Some(top) = file.module.first() else {
            continue; // lib.rs declares the modules and imports nothing.
        };
        let Some(own) = rank(top) else {
            problems.push(format!(
                "src/{top}: a top-level module with no place in the pipeline; give it a rank in RANKS"
            ));
            continue;
        };
        for target in &krate.imports[&file.module] {
            let Some(other) = target.first() else {
                continue;
            };
            if other == top {
                continue;
            }
            match rank(other) {
                Some(r) if r < own => {}
                _ => problems.push(format!(
                    "{} imports {} (rank {own} may import only lower ranks)",
                    show(&file.module),
                    show(target),
                )),
            }
        }
    }
    problems.dedup();
    assert!(
        problems.is_empty(),
        "imports against the flow of data:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn no_two_files_import_each_other_even_through_others() {
    let krate = read_crate();
    let cycles = strongly_connected(&krate.imports)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| c.iter().map(|m| show(m)).collect::<Vec<_>>().join(" ↔ "))
        .collect::<Vec<_>>();
    assert!(
        cycles.is_empty(),
        "files that import each other in a circle:\n  {}",
        cycles.join("\n  ")
    );
}

#[test]
fn no_library_function_runs_over_a_hundred_lines() {
    let krate = read_crate();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long: Vec<String> = krate
        .functions
        .iter()
        .filter(|(_, _, _, len)| *len > MAX_FUNCTION_LINES)
        .map(|(path, name, line, len)| {
            let shown = path.strip_prefix(root).unwrap_or(path).display();
            format!("{shown}:{line} `{name}` runs {len} lines")
        })
        .collect();
    long.sort();
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines; split them into named steps:\n  {}",
        long.join("\n  ")
    );
}

#[test]
fn the_checks_see_what_they_claim_to_see() {
    // A reader that missed `use` trees, paths in code or long functions would pass every
    // check above on any crate; this pins what it finds in files whose content is known.
    let krate = read_crate();
    let render = &krate.imports[&vec!["render".to_string(), "svg".to_string()]];
    assert!(
        render.contains(&vec!["scene".to_string()]),
        "render::svg should be seen importing scene: {render:?}"
    );
    let lib_fns = krate.functions.len();
    assert!(lib_fns > 500, "only {lib_fns} functions found");
    let mut reader = Reader {
        module: &["layout".to_string(), "map".to_string()],
        paths: Vec::new(),
        functions: Vec::new(),
    };
    let sample: syn::File = syn::parse_str(
        "use super::{labels::place, page::Page}; \
         fn f() { let _ = crate::render::svg::write(); println!(\"{}\", crate::lang::x()); }\n\
         #[cfg(test)] mod tests { use crate::cli::run; }",
    )
    .unwrap();
    reader.visit_file(&sample);
    let seen: BTreeSet<String> = reader.paths.iter().map(|p| p.join("::")).collect();
    for want in [
        "layout::labels::place",
        "layout::page::Page",
        "render::svg::write",
        "lang::x",
    ] {
        assert!(seen.contains(want), "{want} not seen in {seen:?}");
    }
    assert!(
        !seen.iter().any(|p| p.starts_with("cli")),
        "test code counted"
    );
}

/// Tarjan's strongly connected components of the import graph, each sorted.
fn strongly_connected(
    graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
) -> Vec<Vec<Vec<String>>> {
    struct State<'g> {
        graph: &'g BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'g Vec<String>, usize>,
        low: BTreeMap<&'g Vec<String>, usize>,
        stack: Vec<&'g Vec<String>>,
        on_stack: BTreeSet<&'g Vec<String>>,
        found: Vec<Vec<Vec<String>>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g Vec<String>) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let Some((w, _)) = s.graph.get_key_value(w) else {
                continue;
            };
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            component.sort();
            s.found.push(component);
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.found
}

#[test]
fn the_readme_layout_table_names_every_top_level_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let table = readme
        .split("## Layout of the repository")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("README has no layout table");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root.join("src")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let shown = if entry.path().is_dir() {
            format!("`src/{name}/`")
        } else {
            format!("`src/{name}`")
        };
        if !table.contains(&shown) {
            missing.push(shown);
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "README's layout table does not name {}",
        missing.join(", ")
    );
    // And it names nothing that is gone.
    for named in table.split('`').skip(1).step_by(2) {
        if let Some(path) = named.strip_prefix("src/") {
            let path = path.split('/').next().unwrap_or(path);
            assert!(
                root.join("src").join(path).exists(),
                "README's layout table names src/{path}, which does not exist"
            );
        }
    }
}

/// Every module the ranks name exists (a renamed or removed module leaves no stale rank),
/// and the graph of top-level modules is printed for a review or a note:
/// `cargo test --test architecture module_graph -- --nocapture`.
#[test]
fn the_module_graph_ranks_only_modules_that_exist() {
    let krate = read_crate();
    let tops: BTreeSet<&String> = krate
        .files
        .iter()
        .filter_map(|f| f.module.first())
        .collect();
    let stale: Vec<&str> = RANKS
        .iter()
        .map(|(m, _)| *m)
        .filter(|m| !tops.iter().any(|t| t.as_str() == *m))
        .collect();
    assert!(
        stale.is_empty(),
        "RANKS names modules that do not exist: {stale:?}"
    );
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, targets) in &krate.imports {
        let Some(a) = from.first() else { continue };
        for b in targets.iter().filter_map(|t| t.first()).filter(|b| *b != a) {
            top.entry(a.clone()).or_default().insert(b.clone());
        }
    }
    let mut by_rank: Vec<(u32, &String)> = top.keys().map(|m| (rank(m).unwrap_or(99), m)).collect();
    by_rank.sort();
    for (r, m) in by_rank {
        let to: Vec<&str> = top[m].iter().map(String::as_str).collect();
        println!("{r:>2} {m} -> {}", to.join(", "));
    }
}
