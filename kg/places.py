"""placeholder"""
from spacy.language import Language


@Language.factory("newskg_places", default_config={"ontology_dir": None})
def make(nlp, name, ontology_dir):
    return lambda doc: doc
