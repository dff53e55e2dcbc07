//! Problems in the Kubernetes manifests that deploy SRS. The YAML reader
//! (`yaml::parse`) emits the first three; the files here hold their
//! metadata, docs and tests.

pub mod k8s_duplicate_object;
pub mod k8s_missing_field;
pub mod k8s_type_error;
pub mod k8s_unknown_field;
pub mod yaml_duplicate_key;
pub mod yaml_limit;
pub mod yaml_syntax_error;

/// The codes a YAML text raises when read, for the tests of each check.
#[cfg(test)]
pub(crate) fn yaml_codes(text: &str) -> Vec<&'static str> {
    let (_, diags) = crate::yaml::parse_stream(crate::source::FileId(0), text);
    diags.iter().map(|d| d.code).collect()
}

/// The first ```yaml block under `section` of a check's doc.
#[cfg(test)]
pub(crate) fn yaml_example(doc: &str, section: &str) -> String {
    let mut in_section = false;
    let mut block: Option<String> = None;
    for line in doc.lines() {
        if let Some(b) = block.as_mut() {
            if line.trim_start().starts_with("```") {
                return block.unwrap_or_default();
            }
            b.push_str(line);
            b.push('\n');
        } else if let Some(h) = line.strip_prefix("## ") {
            in_section = h.trim() == section;
        } else if in_section && line.trim() == "```yaml" {
            block = Some(String::new());
        }
    }
    panic!("no ```yaml block under {section}")
}
