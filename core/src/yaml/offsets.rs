//! The YAML parser reports positions as character indexes (its lines also
//! break at a lone `\r`, which ours do not); spans are byte offsets. This
//! turns one into the other in O(1) plus a walk of at most `STRIDE`
//! characters, for any mix of multi-byte UTF-8 and line endings.

/// Characters between two checkpoints.
const STRIDE: usize = 64;

pub(crate) struct CharOffsets<'t> {
    text: &'t str,
    /// Byte offset of every `STRIDE`-th character; unused for ASCII text,
    /// where both are the same.
    checkpoints: Vec<u32>,
    ascii: bool,
}

impl<'t> CharOffsets<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let ascii = text.is_ascii();
        let checkpoints = if ascii {
            Vec::new()
        } else {
            text.char_indices().step_by(STRIDE).map(|(b, _)| b as u32).collect()
        };
        CharOffsets {
            text,
            checkpoints,
            ascii,
        }
    }

    /// The byte offset of the character at `index`; the end of the text
    /// for an index past it. Always a char boundary.
    pub(crate) fn byte(&self, index: usize) -> usize {
        if self.ascii {
            return index.min(self.text.len());
        }
        let Some(&start) = self.checkpoints.get(index / STRIDE) else {
            return self.text.len();
        };
        let start = start as usize;
        self.text[start..]
            .char_indices()
            .nth(index % STRIDE)
            .map_or(self.text.len(), |(b, _)| start + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_char_indexes_become_byte_offsets() {
        let text = "é\r\n".repeat(100) + "x";
        let offsets = CharOffsets::new(&text);
        for (i, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(offsets.byte(i), b);
        }
        assert_eq!(offsets.byte(text.chars().count()), text.len());
        assert_eq!(offsets.byte(usize::MAX / 2), text.len());
        let ascii = CharOffsets::new("abc");
        assert_eq!(ascii.byte(2), 2);
        assert_eq!(ascii.byte(9), 3);
    }
}
