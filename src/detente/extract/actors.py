"""The ``detente.actors.v1`` component: actor mentions resolved against the knowledge base.

Handles aliases and renamings ("Nusra", "Jabhat Fatah al-Sham"), acronyms (short ones case-sensitive, so "IS" is
the Islamic State and "is" is not), demonyms with sector nouns ("Russian air force" -> Russia / MIL, "Syrian
rebels" -> Syria's rebels), metonymy ("Moscow said" -> Russia / GOV; "in Moscow" is a place), acronyms defined in
the text ("Jabhat Fatah al-Sham (JFS)"), "the regime" where Syria is in play, "the group" for the armed group
last named, and people (rolled up to whom they speak for at export). Names inside other names ("Washington Post")
are not actors, nor is a wire dateline ("MOSCOW, Sept 12 (Reuters) -": where the report was filed). Unknown
people and organisations found by NER are kept, unresolved, with their NER type.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from detente.extract.common import LOCATIVE, is_locative, mention
from detente.extract.focus import MIN_VOTES, Demonyms, anchor_votes, country_votes, focus_of, is_generic
from detente.extract.places import dateline_spans
from detente.extract.provisional import BODY_WORDS, TITLES, Provisional
from detente.extract.registry import component
from detente.kb.loader import KBActor, KnowledgeBase, normalise
from detente.model.mention import Mention

NER_ACTOR_LABELS = {"PERSON": "person", "ORG": "organisation", "NORP": "group"}
NAME_LABELS = frozenset({"FAC", "GPE", "LOC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})  # other NER names
BLOCKING_LABELS = {"ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"}
# "rebel-held areas", "government-controlled districts": the holder is an actor (the target of attacks on them)
HOLDERS = {"rebel": "rebels", "opposition": "the opposition", "government": "government forces",
           "regime": "the regime", "militant": "rebels", "insurgent": "rebels"}  # fmt: skip
HELD = ["held", "controlled", "run", "dominated", "besieged"]
SECTOR_NOUNS = {"REB": "rebels", "OPP": "opposition", "CVL": "civilians", "PRM": "militias"}
GROUP_NOUNS = frozenset({"rebels", "rebel", "militia", "militias", "fighters", "forces", "movement", "group",
                         "insurgents", "militants", "separatists", "guerrillas"})  # fmt: skip
OUR_PLACES = 10**9  # the population the knowledge base gives its own places (kb/places.yaml)
FIGHTER_NOUNS = frozenset({"rebels", "militias", "fighters", "insurgents", "militants", "separatists", "guerrillas"})
GROUP_ANAPHORA = [["the", "group"], ["the", "militant", "group"], ["the", "jihadist", "group"], ["the", "militia"],
                  ["the", "paramilitary", "group"], ["the", "paramilitary", "force"], ["the", "paramilitaries"],
                  ["the", "rebel", "group"], ["the", "armed", "group"], ["the", "insurgent", "group"]]  # fmt: skip


class ActorResolver:
    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        for alias in kb.aliases_for_matching():
            matcher = self.exact if alias in kb.case_sensitive else self.phrases
            matcher.add("ACTOR", [nlp.make_doc(alias)])
        self.phrases.add("NOT_ACTOR", [nlp.make_doc(n) for n in kb.not_actors])
        self.anaphora = Matcher(nlp.vocab)
        self.anaphora.add("GROUP", [[{"LOWER": w} for w in words] for words in GROUP_ANAPHORA])
        self.anaphora.add("COALITION", [[{"LOWER": "coalition"}]])
        self.holders = Matcher(nlp.vocab)
        self.holders.add("HOLDER", [[{"LOWER": {"IN": list(HOLDERS)}}, {"TEXT": {"IN": ["-", "–"]}},
                                     {"LOWER": {"IN": HELD}}]])  # fmt: skip
        self.max_sector_words = 4  # "ministry of foreign affairs"
        self.demonym_names = Demonyms(kb)
        # generic names as the knowledge base writes them ("the army"): they stand for an actor only so written
        self.written_generic = {normalise(a) for a in kb.surface_forms if a.startswith("the ") and a == a.lower()}
        self.so_far: list[Mention] = []

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in self.phrases(doc)]
        spans += [Span(doc, s, e, label="ACTOR") for _, s, e in self.exact(doc)]
        datelines = dateline_spans(doc)
        self._find_focus(doc, spans, datelines)
        self.provisional = Provisional()
        spans += [Span(doc, s, s + 1, label="HOLDER") for _, s, _ in self.holders(doc)]
        spans += [Span(doc, t.i, t.i + 1, label="DEMONYM") for t in doc if self._demonym(t.text) is not None
                  and t.pos_ in ("ADJ", "PROPN", "NOUN") and t.text[:1].isupper()]  # fmt: skip
        mentions: list[Mention] = []
        self.so_far = mentions
        local_aliases: dict[str, tuple[str, str | None]] = {}
        covered: list[Span] = []
        entity_at = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}  # (doc.ents is rebuilt per call)
        for span in sorted(filter_spans(spans), key=lambda s: s.start):
            ent = entity_at.get(span.start)
            if self._inside_other_name(span, ent) and ent is not None and ent[-1].lower_ in BODY_WORDS:
                continue  # "the Sudan People's Defence Brigade": an unknown organisation's name, kept below
            if self._capitalised_generic(span) or self._other_person(span, ent):
                continue  # "The Government of National Unity" is a name, not "the government": kept below
            covered.append(span)
            if span.label_ == "NOT_ACTOR" or self._inside_other_name(span, ent):
                continue
            named = self._named_group(span, entity_at.get(span.start - 1))
            if named is not None:  # "Houthi rebels": an unknown name and a group noun are one provisional group
                covered.append(named)
                entity = f"?group:{normalise(named.text)}"
                mentions.append(mention(named, "actor", entity, label="provisional", resolved=False))
                continue
            found = self._resolve(doc, span)
            if found is None:
                continue
            actor, sector, how = found
            how = "holder" if span.label_ == "HOLDER" else how
            mentions.append(mention(span, "actor", actor, label=how, sector=sector))
            if how == "person" and len(span) > 1:  # "Boris Johnson ... Johnson": the surname joins the known man
                self.provisional.by_surname.setdefault(normalise(span[-1].text), actor)
            acronym = self._defined_acronym(doc, span)
            if acronym is not None:
                local_aliases[acronym.text] = (actor, sector)
        mentions += self._local_acronyms(doc, local_aliases, covered)
        mentions += self._group_anaphora(doc, mentions)
        mentions += self._unresolved(doc, covered)
        mentions += self._unnamed_by_ner(doc, mentions)
        filed = [(s.start_char, s.end_char) for s in datelines]  # "MOSCOW, Sept 12 (Reuters) -": not an actor
        mentions = [m for m in mentions if not any(a <= m.start and m.end <= b for a, b in filed)]
        doc._.actor_mentions = sorted(mentions, key=lambda m: m.start)
        return doc

    def _find_focus(self, doc: Doc, spans: list[Span], datelines: list[Span]) -> None:
        """The votes for the country the article is about, and the winner (see :mod:`detente.extract.focus`)."""
        self.votes = country_votes(doc, self.kb)
        known = [s.text for s in spans if s.label_ == "ACTOR" and not is_generic(s)]  # "the rebels" votes for none
        self.votes.update(anchor_votes(self.kb, datelines, known))
        self.focus = focus_of(self.votes)

    def _inside_other_name(self, span: Span, ent: Span | None) -> bool:
        """True when NER saw a longer name starting with the span ("Washington Institute") that is not ours.

        ``ent``: the entity that holds the span's first token (entities do not overlap: there is at most one)."""
        if ent is None or ent.label_ not in BLOCKING_LABELS or not (ent.start <= span.start and span.end <= ent.end):
            return False
        name = ent[1:] if ent[0].lower_ == "the" else ent
        if name.end > name.start and name[-1].lower_ in ("'s", "’s"):
            name = name[:-1]
        # a name that starts with ours and goes on ("Washington Institute"); NER's run-ons such as
        # "Syria Staffan de Mistura" (two names read as one) end with ours and do not block it
        starts_here = name.start == span.start and name.end > span.end
        if starts_here and normalise(span.doc[span.end : name.end].text) in self.kb.sector_words:
            return False  # "the U.S. Treasury", "Nigerian Army": a body of the state, which speaks for it
        return starts_here and self.kb.actor_for(name.text) is None

    def _other_person(self, span: Span, ent: Span | None) -> bool:
        """A person NER names in full, of whom the known person's alias is only the end: another man or woman of
        the family ("Gamal Mubarak", "Maher al-Assad"), kept below as a provisional person."""
        if ent is None or ent.label_ != "PERSON" or ent.end != span.end or ent.start >= span.start:
            return False
        known = self.kb.actors.get((self.kb.actor_for(span.text) or ("", None))[0])
        if known is None or known.kind != "person" or self.kb.actor_for(ent.text) is not None:
            return False
        given = span.doc[span.start - 1]  # the word before the known name, inside NER's name
        own = {w for alias in known.aliases for w in normalise(alias).split()}
        return (given.is_alpha and given.text[:1].isupper() and given.lower_ not in TITLES | own
                and self._demonym(given.text) is None)  # fmt: skip

    def _sector_after(self, doc: Doc, span: Span) -> str | None:
        """The sector the words after a state's name say ("Russian air force", "Sudan's army")."""
        end = span.end + 1 if span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s") else span.end
        for size in range(self.max_sector_words, 0, -1):
            if end + size <= len(doc):
                words = normalise(doc[end : end + size].text)
                if words in self.kb.sector_words:
                    return self.kb.sector_words[words]
        return None

    def _resolve(self, doc: Doc, span: Span) -> tuple[str, str | None, str] | None:
        kb = self.kb
        if span.label_ == "DEMONYM":
            state = self._demonym(span.text) or ""
            how = "demonym"
            sector = self._sector_after(doc, span)
            if sector is None and normalise(span.text) not in kb.demonyms:  # "the Russians" act; "Syrians" flee
                sector = "GOV" if span.start > 0 and doc[span.start - 1].lower_ == "the" else "CVL"
        else:
            found = kb.actor_for(HOLDERS[span.text.lower()] if span.label_ == "HOLDER" else span.text)
            if found is None:
                return None
            state, sector = found
            how = "metonym" if sector else "alias"
            actor = kb.actors.get(state)
            if actor is None:
                return None
            if is_generic(span) and normalise(span.text) not in kb.user_aliases and not self._at_home(actor):
                return self._in_focus(actor, sector, span)
            if actor.kind == "state":
                if is_locative(span) and sector != "MIL":
                    return None  # "in Syria", "talks in Moscow": a place, not the actor ("from the Tatmadaw" is)
                sector = sector or self._sector_after(doc, span)
            else:
                return state, sector or actor.sector, "person" if actor.kind == "person" else how
        sector_actor = kb.sector_actors.get((state, sector or ""))
        if sector_actor is not None:
            return sector_actor, sector, how
        if sector in SECTOR_NOUNS:  # "Yemeni rebels" are not Yemen's government
            return f"?group:{self.demonym_names.name(state, kb)} {SECTOR_NOUNS[sector]}", sector, how
        return state, sector or "GOV", how

    def _place_name(self, text: str) -> bool:
        """A place's own name (or one of ours), not a gazetteer's alternate spelling ("Hamas" for Hamm)."""
        key = normalise(text)
        places = [self.kb.places[p] for p in self.kb.place_names.get(key, ())]
        return any(normalise(p.name) == key or p.population >= OUR_PLACES for p in places)

    def _unnamed_by_ner(self, doc: Doc, found: list[Mention]) -> list[Mention]:
        """Proper names NER missed that act as parties: coordinated with an actor ("Israel and Hamas") or the
        subject of an event or reporting verb ("Hamas said", "Hamas fired rockets")."""
        taken = {t.i for m in found for t in doc.char_span(m.start, m.end, alignment_mode="expand") or ()}
        taken |= {t.i for ent in doc.ents for t in ent}
        verbs = self.kb.lexicon.verbs.keys() | self.kb.lexicon.reporting_verbs
        out = []
        for token in doc:
            surname = self._surname(token, taken)
            if surname is not None:  # "Dagalo later met ...": the full name given earlier, wherever it stands
                out.append(mention(doc[token.i : token.i + 1], "actor", surname, label="surname",
                                   resolved=not surname.startswith("?")))  # fmt: skip
                continue
            if token.i in taken or token.pos_ != "PROPN" or not token.text[:1].isupper() or token.is_sent_start:
                continue
            partner = token.head if token.dep_ == "conj" else next((c for c in token.children if c.dep_ == "conj"),
                                                                    None)  # fmt: skip
            acts = token.dep_ == "nsubj" and token.head.lemma_.lower() in verbs
            if not acts and (partner is None or partner.i not in taken or partner.pos_ != "PROPN"):
                continue
            start = min([token.i, *(c.i for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN")])
            span = doc[start : token.i + 1]
            key = normalise(span.text)
            if any(t.i in taken for t in span) or key in self.kb.not_actors or self._place_name(span.text):
                continue
            if self._demonym(span.text) is not None or self.kb.actor_for(span.text) is not None:
                continue
            out.append(mention(span, "actor", f"?organisation:{key}", label="PROPN", resolved=False))
        return out

    def _surname(self, token: Token, taken: set[int]) -> str | None:
        """The provisional person whose full name, given earlier in the document, ends with this lone name."""
        if token.i in taken or not token.text[:1].isupper() or token.pos_ not in ("PROPN", "NOUN"):
            return None
        if token.dep_ == "compound" and token.head.pos_ == "PROPN":
            return None  # part of a longer name ("Dagalo Street")
        return self.provisional.by_surname.get(normalise(token.text))

    def _named_group(self, span: Span, ent: Span | None) -> Span | None:
        """ "Houthi rebels", "Azov fighters": an unknown name right before a generic group noun, as one span."""
        if span[-1].lower_ not in GROUP_NOUNS or not is_generic(span):
            return None
        doc = span.doc
        if ent is not None and ent.end == span.start and ent.label_ in ("ORG", "NORP", "PERSON"):
            start = ent.start
        else:  # a proper noun NER missed ("Houthi rebels")
            start = span.start
            while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper():
                start -= 1
        name = doc[start : span.start]
        if not len(name) or self.kb.actor_for(name.text) is not None or self._demonym(name.text) is not None:
            return None
        if normalise(name.text) in self.kb.place_names:
            return None
        return Span(doc, start, span.end)

    def _demonym(self, text: str) -> str | None:
        """The state of a demonym, singular or plural ("Russian", "the Russians")."""
        key = normalise(text)
        return self.kb.demonyms.get(key) or (self.kb.demonyms.get(key[:-1]) if key.endswith("s") else None)

    def _at_home(self, actor: KBActor) -> bool:
        """The article is about a country of a generic name's built-in actor (or the actor is transnational)."""
        home = [c for c in actor.home() if c in self.kb.actors]
        return not home or any(self.votes[c] >= MIN_VOTES for c in home)

    def _in_focus(self, actor: KBActor, sector: str | None, span: Span) -> tuple[str, str | None, str] | None:
        """A generic name read as the country in focus's actor ("the rebels" in an article about Yemen)."""
        focus = self.focus
        sector = sector or actor.sector
        if focus is None:
            return None if actor.kind == "state" else (f"?group:{normalise(span.text.removeprefix('the '))}", sector,
                                                       "generic")  # fmt: skip
        if actor.kind == "state":
            return self.kb.sector_actors.get((focus, sector or ""), focus), sector or "GOV", "generic"
        found = self.kb.sector_actors.get((focus, sector or "")) or self._named_before(focus, sector)
        if found is not None:
            return found, sector, "generic"
        words = normalise(span.text.removeprefix("the ").removeprefix("The "))
        return f"?group:{self.demonym_names.name(focus, self.kb)} {words}", sector, "generic"

    def _capitalised_generic(self, span: Span) -> bool:
        """A state's generic name ("the government", "the army") written as the start of a longer proper name
        ("The Government of National Unity", "the Army Rangers")."""
        if normalise(span.text) not in self.written_generic or is_generic(span):
            return False
        after = span.doc[span.end : span.end + 2]
        if not (len(after) and after[0].text[:1].isupper()) and not (len(after) == 2 and after[0].lower_ == "of"
                                                                     and after[1].text[:1].isupper()):  # fmt: skip
            return False
        found = self.kb.actor_for(span.text)
        actor = self.kb.actors.get(found[0]) if found else None
        return actor is not None and actor.kind == "state"

    def _named_before(self, country: str, sector: str | None) -> str | None:
        """The known group of this country and sector last named ("M23 rebels ... the rebels"), if any."""
        for earlier in reversed(self.so_far):
            actor = self.kb.actors.get(earlier.entity)
            if actor is not None and actor.kind == "group" and actor.country == country and actor.sector == sector:
                return actor.id
        return None

    @staticmethod
    def _defined_acronym(doc: Doc, span: Span) -> Span | None:
        if span.end + 2 < len(doc) and doc[span.end].text == "(" and doc[span.end + 2].text == ")":
            candidate = doc[span.end + 1 : span.end + 2]
            if candidate.text.isupper() and 2 <= len(candidate.text) <= 8:
                return candidate
        return None

    @staticmethod
    def _local_acronyms(doc: Doc, aliases: dict[str, tuple[str, str | None]], covered: list[Span]) -> list[Mention]:
        taken = {t.i for s in covered for t in s}
        out = []
        for token in doc:
            if token.text in aliases and token.i not in taken:
                actor, sector = aliases[token.text]
                out.append(mention(doc[token.i : token.i + 1], "actor", actor, label="acronym", sector=sector))
        return out

    def _group_anaphora(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        out = []
        for label, start, end in self.anaphora(doc):
            span = doc[start:end]
            if any(m.start < span.end_char and span.start_char < m.end for m in mentions):
                continue  # part of a name already found ("the US-led coalition")
            if doc.vocab.strings[label] == "COALITION":  # "coalition aircraft" after "the US-led coalition"
                earlier = [m for m in mentions if m.end <= span.start_char and "coalition" in m.text.lower()]
            else:
                earlier = [m for m in mentions if m.end <= span.start_char and self.kb.actors.get(m.entity) is not None
                           and self.kb.actors[m.entity].kind == "group" and span.start_char - m.end < 600]  # fmt: skip
            if earlier:
                last = earlier[-1]
                out.append(mention(span, "actor", last.entity, label="anaphora", sector=last.sector))
        return out

    @staticmethod
    def _group_after(ent: Span, noun: Token) -> bool:
        """The noun after a name makes the two a group: "Tigrayan fighters"; after a name NER took for a person,
        only a plural of fighters ("Boko Haram fighters"), not "forces" ("Haftar forces": a man's troops)."""
        if noun.lower_ not in GROUP_NOUNS:
            return False
        return ent.label_ != "PERSON" or noun.lower_ in FIGHTER_NOUNS

    def _unresolved(self, doc: Doc, covered: list[Span]) -> list[Mention]:
        taken = {t.i for s in covered for t in s}
        out = []
        provisional = self.provisional
        for ent in doc.ents:
            if ent.label_ in NAME_LABELS and ent[-1].lower_ in BODY_WORDS:  # "the X Defence Brigade" read as a building
                ent = Span(doc, ent.start, ent.end, label="ORG")
            kind = NER_ACTOR_LABELS.get(ent.label_)
            name = ent.text.removeprefix("the ")  # "the Tigray People's Liberation Front"
            if kind is None or any(t.i in taken for t in ent) or not name[:1].isupper():
                continue
            if normalise(ent.text) in self.kb.not_actors or len(ent.text) < 2:
                continue
            if self._place_name(ent.text):  # a place the NER model took for a group or person
                continue
            if ent[0].lower_ in LOCATIVE and len(ent) > 1 and normalise(ent[1:].text) in self.kb.place_names:
                continue  # "Near Palmyra, ..." at the start of a sentence

            end = ent.end  # "Tigrayan fighters": the name and its group noun are one group
            if end < len(doc) and end not in taken and self._group_after(ent, doc[end]):
                ent = Span(doc, ent.start, end + 1, label="NORP")
            actor = provisional.actor(ent)
            if actor is not None:
                out.append(mention(ent, "actor", actor, label=ent.label_, resolved=not actor.startswith("?")))
        return out


@component("detente.actors.v1", default_config={"kb": []})
def make_actor_resolver(nlp: Language, name: str, kb: list[list[str]]) -> ActorResolver:
    from detente.kb import load_kb

    return ActorResolver(nlp, load_kb(texts=kb))
