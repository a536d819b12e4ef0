//! Text analysis: the tokenizers kensaku registers on every index it opens.
