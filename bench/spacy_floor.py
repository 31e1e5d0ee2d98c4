"""The floor for any spaCy-based linter: import spaCy, build the pipeline and run it over the
files, and nothing else. Default: a blank English pipeline with a rule-based sentencizer (the
default pipeline's NLP, without lemmas); ``--model NAME``: that statistical pipeline, whole.

    python bench/spacy_floor.py [--model NAME] FILE_OR_DIR...
"""

import argparse
from pathlib import Path

import spacy

parser = argparse.ArgumentParser()
parser.add_argument("--model")
parser.add_argument("paths", nargs="+", type=Path)
args = parser.parse_args()
files = []
for path in args.paths:
    files.extend(sorted(path.glob("*.md")) if path.is_dir() else [path])
if args.model:
    nlp = spacy.load(args.model)
else:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
tokens = sentences = 0
for doc in nlp.pipe(path.read_text(encoding="utf-8") for path in files):
    tokens += len(doc)
    sentences += sum(1 for _ in doc.sents)
print(f"{len(files)} files, {tokens} tokens, {sentences} sentences")
