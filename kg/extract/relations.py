"""Relations between actors: who backs whom, who fights beside whom, who fights whom, who leads.

Backing is said many ways and each way is a rule over the parse, with its cue words in
ontology/lexicon/cues.yaml:

* hyphenated adjectives: `Iranian-backed militias`, `Russian- and U.S.-backed campaigns`;
* `pro-X Y`: `pro-regime Hezbollah` (Hezbollah backs the regime);
* participles with `by`: `Y, backed both by X and by Z`, `supported by Russian air strikes`;
* active verbs: `X supports Y`, `X arms / trains / advises Y`;
* giving support: `X provided air support to Y`;
* help phrases: `with help from Russian and Iranian allies, Y ...`.

Backing is kept apart from fighting beside (`fighting with`, `in cooperation with`, `allied
militias`: kg:alliedWith) and from enmity (`X fights / bombs / besieges Y`: kg:opposes).
"""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import Doc, Token

from kg.core.records import Relation
from kg.extract.base import Component, component
from kg.extract.parse import DocView, sentence_number, sentence_of, words_of


@component("newskg_relations", requires=["doc._.entities", "doc._.sent_country"], assigns=["doc._.relations"])
class RelationExtractor(Component):
    """Appends backs / alliedWith / opposes / leads relations to ``doc._.relations``."""

    def __init__(self, ontology_dir: Path | None) -> None:
        super().__init__(ontology_dir)
        self.back_verbs = self.lex.words("backing", "verbs")
        self.back_nouns = self.lex.words("backing", "nouns")
        self.give_verbs = self.lex.words("backing", "give_verbs")
        self.sending_verbs = self.lex.words("backing", "sending_verbs")
        self.give_objects = self.lex.words("backing", "give_objects")
        self.means = self.lex.words("backing", "means")
        self.hyphen = self.lex.words("backing", "hyphen_suffixes")
        self.ally_verbs = self.lex.words("alliance", "verbs")
        self.ally_nouns = self.lex.words("alliance", "nouns")
        self.proxy_nouns = self.lex.words("backing", "proxy_nouns")
        self.receive_verbs = self.lex.words("backing", "receive_verbs")
        self.help_preps = self.lex.words("backing", "help_preps")
        self.fight_preps = self.lex.words("alliance", "preps_after_fight")
        self.oppose_verbs = self.lex.words("opposition", "verbs")
        self.fight_verbs = self.lex.words("alliance", "fight_verbs") | self.ally_verbs
        self.allied_words = self.lex.words("alliance", "adjectives")
        self.pro_prefix = self.lex.words("backing", "pro_prefix")
        self.pro_government = self.lex.words("backing", "pro_government")
        # every word `_relations_at` tests for, so the scan skips the rest without a Token
        self.cue_lowers = self.hyphen | self.back_nouns | self.allied_words | self.pro_prefix | {"led", "cooperation"}
        self.cue_lemmas = (
            self.back_verbs | self.give_verbs | self.receive_verbs | self.ally_nouns | self.fight_verbs
        ) | self.oppose_verbs

    def __call__(self, doc: Doc) -> Doc:
        view = DocView(doc, self.gaz, self.lex)
        found: list[Relation] = list(doc._.relations or [])
        for i in words_of(doc).where(lowers=self.cue_lowers, lemmas=self.cue_lemmas):
            token = doc[i]
            for predicate, subject, obj in self._relations_at(view, token):
                if subject != obj and view.is_actor(subject) and view.is_actor(obj):
                    found.append(Relation(predicate, subject, obj, view.evidence(token), at=token.i))
        doc._.relations = _unique(found)
        return doc

    def _relations_at(self, view: DocView, token: Token):
        low, lemma = token.lower_, token.lemma_.lower()
        if low in self.hyphen and token.i >= 2 and token.nbor(-1).text == "-":
            yield from self._hyphenated(view, token, "backs")
        elif low == "led" and token.i >= 2 and token.nbor(-1).text == "-":
            yield from self._hyphenated(view, token, "leads")
        elif low in self.allied_words and token.i >= 2 and token.nbor(-1).text == "-":
            yield from self._hyphenated(view, token, "alliedWith", backed_first=True)  # `Iran-allied militias`
        elif low in self.pro_prefix and token.i + 2 < len(token.doc) and token.nbor(1).text == "-":
            yield from self._pro(view, token)
        elif lemma in self.back_verbs and token.pos_ in {"VERB", "AUX"}:
            yield from self._backing_verb(view, token)
        elif lemma in self.give_verbs and token.pos_ == "VERB":
            yield from self._giving(view, token)
        elif lemma in self.receive_verbs and token.pos_ == "VERB":
            yield from self._receiving(view, token)
        elif low in self.back_nouns and token.head.lower_ in self.help_preps and token.head.dep_ == "prep":
            yield from self._with_help(view, token)
        elif low in self.back_nouns and token.head.lower_ == "in" and token.head.dep_ == "prep":
            yield from self._acting_with(view, token, "of", "backs")
        elif lemma in self.ally_nouns and token.pos_ == "NOUN":
            yield from self._ally_of(view, token)
        elif lemma in self.fight_verbs and token.pos_ == "VERB":
            yield from self._fighting(view, token)
        elif low in self.allied_words and token.dep_ in {"amod", "acl", "conj"}:
            yield from self._allied(view, token)
        elif low == "cooperation" and token.head.lower_ == "in":
            yield from self._acting_with(view, token, "with", "alliedWith")
        if lemma in self.oppose_verbs and token.pos_ == "VERB" and not view.is_irrealis(token):
            yield from self._opposing(view, token)

    # ---- backing ---------------------------------------------------------------------------------
    def _hyphenated(self, view: DocView, token: Token, predicate: str, backed_first: bool = False):
        """`Iranian-backed militias`, `U.S.-led coalition`, `Russian- and U.S.-backed campaigns`;
        with `backed_first` the modified actor is the subject (`Iran-allied militias`)."""
        backers = self._hyphen_backers(view, token)
        backed = self._modified_actors(view, token)
        for b in backers:
            for target in backed:
                yield (predicate, target, b) if backed_first else (predicate, b, target)

    def _hyphen_backers(self, view: DocView, token: Token) -> list[str]:
        doc = token.doc
        out = []
        i = token.i - 2
        while i >= 0:
            key = self._token_actor(view, doc[i])
            if key is None:
                break
            out.append(key)
            # suspended coordination: `Russian- and U.S.-backed`
            if i >= 3 and doc[i - 1].lower_ in {"and", "or", ","} and doc[i - 2].text == "-":
                i -= 3
                continue
            break
        return out

    def _token_actor(self, view: DocView, token: Token) -> str | None:
        """The actor a single token names, even inside a larger mention (`Iranian` in
        `Iranian-backed militias`): a demonym's state, or a gazetteer name."""
        m = view.mention_at(token)
        if m is not None and m.start == token.i and m.end == token.i + 1 and m.key:
            return m.key if view.is_actor(m.key) else None
        country = self.gaz.demonyms.get(token.lower_) or self.gaz.demonyms.get(token.text.lower())
        entry_id = country or self.gaz.lookup(token.text, "Actor")
        if entry_id is None and m is not None and m.key and m.end == token.i + 1:
            return m.key if view.is_actor(m.key) else None
        if entry_id is None:
            return None
        entry = self.gaz.entries[entry_id]
        if entry.kind == "Place" and entry.type != "Country":
            return None
        return view.ensure_entity(entry_id)

    def _modified_actors(self, view: DocView, token: Token) -> list[str]:
        """The actor(s) a hyphenated adjective modifies: the noun phrase it sits in."""
        m = view.mention_at(token)
        if m is not None and m.key and m.end > token.i + 1:
            return [m.key]  # the cue sits inside the mention it modifies: `Iranian-backed militias`
        head = token.head
        while head.dep_ in {"amod", "compound", "npadvmod"} and head.head.i > head.i:
            head = head.head
        hm = view.mention_at(head)
        if hm is not None and hm.key:
            return [hm.key] if view.is_actor(hm.key) else []
        if head.dep_ == "appos":  # `Kataib Hezbollah, an Iranian-backed militia`: the group named before
            anchor = view.mention_at(head.head)
            if anchor is not None and anchor.key and view.is_actor(anchor.key):
                return [anchor.key]
        # `a U.S.-backed Iraqi offensive`: only modifiers after the cue name the backed actor
        out = []
        for child in head.children:
            if child.i > token.i and child.dep_ in {"amod", "compound", "poss", "nmod"}:
                key = view.entity_of_token(child)
                if key and key not in out:
                    out.append(key)
        return out

    def _pro(self, view: DocView, token: Token):
        """`pro-regime Hezbollah`: Hezbollah backs the regime of the sentence's country."""
        doc = token.doc
        target_token = doc[token.i + 2]
        backed = self._token_actor(view, target_token)
        if backed is None and target_token.lower_ in self.pro_government:
            country = self._sentence_country(view, token)
            backed = view.government_of(country) if country else None
        head = target_token.head
        while head.dep_ in {"amod", "compound"} and head.head.i > head.i:
            head = head.head
        backers = view.np_entities(head)
        for b in backers:
            if backed:
                yield "backs", b, backed

    def _sentence_country(self, view: DocView, token: Token) -> str | None:
        index = sentence_number(token)
        countries = token.doc._.sent_country or []
        country = countries[index] if index < len(countries) else None
        return self.gaz.entries[country].iri_path if country in self.gaz.entries else None

    def _backing_verb(self, view: DocView, verb: Token):
        if view.is_irrealis(verb) and verb.tag_ != "VBN" and not self._sent_to_back(view, verb):
            return
        if any(c.dep_ == "neg" for c in verb.children):
            return
        agents = view.passive_agents(verb)
        if agents:  # `Y, backed by X`
            backers = self._backers(view, agents)
            backed = self._backed_of_participle(view, verb)
        else:  # `X supports Y`
            backers = [k for s in view.subjects(verb) for k in view.np_entities(s)]
            objects = view.objects(verb) or [
                o for c in verb.conjuncts for o in view.objects(c)
            ]  # `armed and trained X`
            backed = [k for o in objects for k in view.np_entities(o, via_modifiers=self._is_members(o))]
        for b in backers:
            for target in backed:
                yield "backs", b, target

    def _sent_to_back(self, view: DocView, verb: Token) -> bool:
        """`troops are being deployed to support X`: a purpose that sending carries out."""
        governor = verb.head
        return (
            verb.dep_ == "advcl"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            and governor.lemma_.lower() in self.sending_verbs
            and not view.is_irrealis(governor)
        )

    def _is_members(self, noun: Token) -> bool:
        """`the M23 rebels`, `Afghan troops`: members, who stand for the group or state named
        beside them."""
        lemma = noun.lemma_.lower()
        return lemma in self.lex.member_nouns or lemma in self.lex.armed_member_nouns

    def _backers(self, view: DocView, heads: list[Token]) -> list[str]:
        """Backers named directly, or through what they lend: `Russian air strikes`."""
        out = []
        for head in heads:
            for t in [head, *head.conjuncts]:
                if t is not head and self._backed_itself(t):
                    continue  # `supported by X and Y, and a U.S.-backed alliance`: a list item
                if view.mention_at(t) is not None:
                    keys = view.np_entities(t, via_modifiers=False)
                    if keys:
                        out += [k for k in keys[:1] if k not in out]
                        continue
                if self._is_means(t):
                    out += [k for k in self._lenders(view, t) if k not in out]
        return out

    def _is_means(self, noun: Token) -> bool:
        """What a backer lends: `strikes`, and multi-word means by their compound (`air power`)."""
        compound = [c.lower_ for c in noun.lefts if c.dep_ == "compound"]
        phrase = " ".join([*compound, noun.lower_])
        return noun.lower_ in self.means or noun.lemma_.lower() in self.means or phrase in self.means

    def _backed_itself(self, token: Token) -> bool:
        return any(
            t.lower_ in self.hyphen and t.i < token.i and t.nbor(-1).text == "-" for t in token.subtree if t.i > 0
        )

    def _lenders(self, view: DocView, means: Token) -> list[str]:
        """`Russian air strikes` -> Russia; `Syrian army artillery` -> the Syrian government
        (the army), not Syria as well."""
        return self._without_states_of_their_governments(self._modifier_actors(view, means))

    def _without_states_of_their_governments(self, keys: list[str]) -> list[str]:
        def government(key: str) -> str | None:
            actor = self.gaz.role_actor(key.split("/", 1)[1], "government") if key.startswith("place/") else None
            return self.gaz.entries[actor].iri_path if actor else None

        return [k for k in keys if government(k) not in keys]

    def _modifier_actors(self, view: DocView, means: Token) -> list[str]:
        out = []
        for child in means.subtree:
            if child.i >= means.i:
                break
            key = self._token_actor(view, child)
            if (
                key
                and key not in out
                and not any(g.lower_ in self.hyphen for g in child.head.subtree if g.i > child.i and g.i < means.i)
            ):
                out.append(key)
        return out

    def _backed_of_participle(self, view: DocView, verb: Token) -> list[str]:
        subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if subj:
            return view.np_entities_from(subj)
        if verb.dep_ in {"acl", "amod"}:
            detached = verb.i > 0 and verb.doc[verb.i - 1].is_punct
            if detached:  # `the army and armed groups, backed by ...`: the whole coordination
                return view.np_entities(_coordination_root(verb.head))
            before = verb.doc[verb.i - 1]  # `... and Iraqi paramilitaries supported by Iran`: the noun it follows,
            if before.pos_ in {"NOUN", "PROPN"} and before.i != verb.head.i:  # even where the parse hangs it higher
                return view.np_entities(before, conjuncts=False)
            return view.np_entities(verb.head, conjuncts=False)
        # `the army and Shi'ite armed groups, backed both by ...`: the noun phrase just before
        doc = verb.doc
        i = verb.i - 1
        start = sentence_of(verb).start
        while i >= start and (doc[i].is_punct or doc[i].dep_ in {"preconj", "advmod"}):
            i -= 1
        if i < start or doc[i].pos_ not in {"NOUN", "PROPN"}:
            return []
        return view.np_entities(_coordination_root(doc[i]))

    def _giving(self, view: DocView, verb: Token):
        """`X provided air support to Y`."""
        objects = [o for o in view.objects(verb) if self._is_support(o)]
        if not objects or view.is_irrealis(verb):
            return
        backers = [k for s in view.subjects(verb) for k in view.np_entities(s)]
        given = [g for o in objects for g in (o, *o.conjuncts)]  # `weapons and advisers to X`
        recipients = view.prep_objects(verb, {"to", "for"}) + [
            r for o in given for r in view.prep_objects(o, {"to", "for"})
        ]
        backed = view.np_entities_from(recipients)
        for b in backers:
            for target in backed:
                yield "backs", b, target

    def _receiving(self, view: DocView, verb: Token):
        """`the YPG receives weapons from the United States`: the giver backs the subject."""
        objects = [o for o in view.objects(verb) if self._is_support(o)]
        if not objects or view.is_irrealis(verb):
            return
        backers = self._backers(
            view, view.prep_objects(verb, {"from"}) + [r for o in objects for r in view.prep_objects(o, {"from"})]
        )
        for b in backers:
            for target in (k for s in view.subjects(verb) for k in view.np_entities(s)):
                yield "backs", b, target

    def _is_support(self, noun: Token) -> bool:
        return noun.lemma_.lower() in self.give_objects or noun.lower_ in self.give_objects

    def _ally_of(self, view: DocView, noun: Token):
        """`Hezbollah, a close ally of Iran`: allied; `a proxy of Iran`: Iran backs it."""
        partners = view.np_entities_from(view.prep_objects(noun, {"of", "to"}))
        own = view.np_entities(noun.head, via_modifiers=False) if noun.dep_ == "appos" else []
        if not own and noun.dep_ in {"attr"}:  # `Hezbollah is an ally of Iran`
            own = [k for s in view.subjects(noun.head) for k in view.np_entities(s)]
        proxy = noun.lemma_.lower() in self.proxy_nouns
        for a in own:
            for p in partners:
                if a != p:
                    yield ("backs", p, a) if proxy else ("alliedWith", a, p)

    def _with_help(self, view: DocView, noun: Token):
        """`with help from Russian and Iranian allies, the Syrian army ...`, `with Russian air
        support`, `under Russian air cover`."""
        heads = view.prep_objects(noun, {"from", "of"})
        backers = self._backers(view, heads)
        backers += [k for c in noun.children if c.dep_ == "poss" for k in view.np_entities(c) if k not in backers]
        backers += [k for k in self._lenders(view, noun) if k not in backers]
        clause = noun.head.head
        if clause.pos_ in {"VERB", "AUX"}:
            backed = [k for s in view.subjects(clause) for k in view.np_entities(s)]
        else:  # `the Syrian army, with Russian air support, pushed ...`: the phrase hangs on the actor
            backed = view.np_entities(clause, via_modifiers=False, conjuncts=False)
        for b in backers:
            for target in backed:
                yield "backs", b, target

    # ---- alliance and enmity ----------------------------------------------------------------------
    def _fighting(self, view: DocView, verb: Token):
        """`forces fighting with Assad's army` / `alongside`: allied."""
        partners = view.np_entities_from(view.prep_objects(verb, self.fight_preps))
        if verb.lemma_.lower() in self.ally_verbs:
            partners += view.np_entities_from(view.prep_objects(verb, {"with", "to"}))
        if not partners:
            return
        actors = [k for s in view.subjects(verb) for k in view.np_entities(s)]
        for a in actors:
            for p in partners:
                yield "alliedWith", a, p

    def _allied(self, view: DocView, token: Token):
        """`militias allied to Damascus`, `the Iraqi army and allied militias`."""
        partners = view.np_entities_from(view.prep_objects(token, {"to", "with"}))
        partners = [self._capital_as_state(view, p) for p in partners]
        own = view.np_entities(token.head if token.dep_ != "conj" else token) if token.dep_ != "conj" else []
        if token.dep_ == "amod":
            own = view.np_entities(token.head, via_modifiers=False)
            root = _coordination_root(token.head)
            if root.i != token.head.i:
                partners += [k for k in view.np_entities(root, via_modifiers=False) if k not in own]
        for a in own:
            for p in partners:
                if a != p:
                    yield "alliedWith", a, p

    @staticmethod
    def _acting_with(view: DocView, noun: Token, prep: str, predicate: str):
        """`The armed forces, in cooperation with allied forces, liberated ...` (alliedWith),
        `the Kenyans counterattacked, in support of the Somali troops` (backs): who acts in the
        clause the phrase hangs from stands so to those the phrase names."""
        others = view.np_entities_from(view.prep_objects(noun, {prep}))
        clause = noun.head.head
        actors = (
            [k for s in view.subjects(clause) for k in view.np_entities(s)] if clause.pos_ in {"VERB", "AUX"} else []
        )
        for a in actors:
            for other in others:
                yield predicate, a, other

    def _capital_as_state(self, view: DocView, key: str) -> str:
        entry_id = key.split("/", 1)[1]
        entry = self.gaz.entries.get(entry_id)
        if entry is not None and entry.label in self.gaz.capitals:
            return view.government_of(self.gaz.entries[self.gaz.capitals[entry.label]].iri_path)
        return key

    def _opposing(self, view: DocView, verb: Token):
        actors = [k for s in view.subjects(verb) for k in view.np_entities(s)]
        if view.is_passive(verb):
            targets = [k for s in verb.children if s.dep_ == "nsubjpass" for k in view.np_entities(s)]
            actors = self._backers(view, view.passive_agents(verb))
        else:
            targets = [k for o in view.objects(verb) for k in view.np_entities(o, via_modifiers=False)]
            targets += view.np_entities_from(view.prep_objects(verb, {"against"}))
        for a in actors:
            for t in targets:
                if not view.is_place(t) or view.type_of(t) == "Country":
                    yield "opposes", a, t


def _coordination_root(token: Token) -> Token:
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
    return token


def _unique(relations: list[Relation]) -> list[Relation]:
    seen, out = set(), []
    for rel in relations:
        key = (rel.predicate, rel.subject, rel.object, rel.evidence.start)
        if key not in seen:
            seen.add(key)
            out.append(rel)
    return out
