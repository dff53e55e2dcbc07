use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::diagnostic::Severity;

pub static META: CheckMeta = CheckMeta {
    code: "SRS010",
    name: "flattened-heredoc",
    severity: Severity::Warning,
    category: Category::Syntax,
    fix: FixKind::None,
    summary: "A heredoc whose line breaks were lost, so srs-check (and the shell) cannot read what it holds.",
    doc: doc_text(
        r#"## What it does
In shell scripts and in shell blocks of Markdown pages, finds a heredoc (`cat <<EOF | kubectl apply -f -`) whose terminator stands on the command line itself, after the content: the sign of a page whose line breaks were lost in publishing or copying. srs-check cannot tell the manifests apart, so it does not lint them, and says so.

## Why is this bad?
Pasted into a shell, such a command never ends (the shell waits for a line that is only `EOF`), or applies nothing. Worse, the manifests in it are not checked at all, and they are usually the ones people copy.

## Example
```sh
cat <<EOF | kubectl apply -f -apiVersion: v1kind: ConfigMapmetadata: name: srs-configEOF
```

## Fix
```sh
cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: ConfigMap
metadata:
  name: srs-config
EOF
```
Restore the line breaks (and the YAML's indentation) from the original source.

## References
- bash(1), "Here Documents": the delimiter must be alone on its line
"#,
    ),
};
