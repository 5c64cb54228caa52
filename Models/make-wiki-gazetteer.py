#!/usr/bin/env python3
"""Builds Models/gazetteer-wiki.tsv (type<TAB>name): organisation and place names read from
English Wikipedia text (../shared/bench/corpus-src/wikipedia-en.jsonl.gz, CC BY-SA 3.0 — "Text
from English Wikipedia by Wikipedia contributors"; the derived list is shared under CC BY-SA 3.0).

Three patterns, no labelled NER data involved:
- article titles whose first sentence defines them ("X is a/an/the ... company / political
  party / agency / university / band / ...") -> org; ("... is a city / river / country ...") -> place;
- acronym definitions anywhere in the text, "Full Name (ACR)", where the full name is a
  capitalised run ending in an organisation head word (Party, Agency, Ministry, Corporation, ...)
  -> org for both;
- capitalised runs ending in an organisation head word ("Islamic Revolutionary Guard Corps",
  "Ministry of Defence" with glue words of/for/and/the) seen at least twice mid-sentence -> org.
Deterministic. Usage: python3 Models/make-wiki-gazetteer.py WIKIPEDIA_JSONL_GZ > Models/gazetteer-wiki.tsv
"""
import gzip, json, re, sys
from collections import Counter

ORG_HEADS = set("""Group Agency Ministry Council Corporation Inc Incorporated Ltd Limited Company Bank
University College Academy Party Army Navy Command Brigade Division Regiment Corps Institute Committee
Association Union Court Department Commission Authority Board Bureau Service Administration Federation
League Society Foundation Fund Organisation Organization Alliance Coalition Front Movement Network
Airlines Airways Industries Holdings Broadcasting Corporation Records Studios Assembly Parliament Congress
Council Institute Office Trust Club Guard Police Agency Laboratory Laboratories Museum Library Hospital
Church Observatory Centre Center Press""".split())
ORG_DEF = re.compile(r"\b(?:is|was|are|were)\s+(?:a|an|the|one of the)\s+(?:[\w'\-]+\s+){0,4}?"
    r"(company|corporation|conglomerate|manufacturer|airline|bank|organi[sz]ation|agency|party|university|"
    r"band|club|newspaper|broadcaster|federation|ministry|army|navy|militia|firm|retailer|publisher|"
    r"legislature|subsidiary)\b")
PLACE_DEF = re.compile(r"\b(?:is|was)\s+(?:a|an|the)\s+(?:[\w'\-]+\s+){0,4}?"
    r"(city|town|village|country|province|county|district|river|lake|island|mountain|"
    r"municipality|commune|peninsula|archipelago|borough|suburb|metropolis|emirate)\b")
GLUE = {"of", "for", "and", "the", "&", "de", "on", "in"}
WORD = re.compile(r"[^\W_]+(?:[-'.][^\W_]+)*\.?|&", re.UNICODE)

def cap(w): return w[:1].isupper()

def runs(tokens):
    """Maximal capitalised runs (glue words inside) as (start, end) token indices."""
    i, n = 0, len(tokens)
    while i < n:
        if not cap(tokens[i]): i += 1; continue
        e = i + 1
        while e < n:
            if cap(tokens[e]): e += 1; continue
            if tokens[e] in GLUE and e + 1 < n and cap(tokens[e + 1]): e += 2; continue
            break
        yield i, e
        i = e

def clean_title(t):
    return re.sub(r"\s*\(.*\)$", "", t).strip()

def main():
    org, place = set(), set()
    run_counts = Counter()
    for line in gzip.open(sys.argv[1], "rt", encoding="utf-8"):
        art = json.loads(line)
        title = clean_title(art["title"])
        first = art["paragraphs"][0] if art["paragraphs"] else ""
        sent = re.split(r"(?<=[.!?])\s+(?=[A-Z])", first)[0]
        if title and cap(title) and len(title.split()) <= 5 and not re.match(
                r"(Economy|Politics|History|Geography|Demographics|Culture|Military|Foreign relations|Transport|Religion) of ", title):
            m_org, m_place = ORG_DEF.search(sent), PLACE_DEF.search(sent)
            if m_org and (not m_place or m_org.start() < m_place.start()):
                org.add(title)
            elif m_place:
                place.add(title)
        for para in art["paragraphs"]:
            for m in re.finditer(r"((?:[A-Z][\w'&.-]*\s+)(?:(?:of|for|and|the|&|de|on)\s+)?(?:[A-Z][\w'&.-]*\s+){0,5}?)\(([A-Z][A-Z&.-]{1,7})\)", para):
                full, acr = m.group(1).strip(), m.group(2)
                words = full.split()
                while words and not cap(words[0]): words.pop(0)
                if words and words[-1] in ORG_HEADS and 2 <= len(words) <= 6:
                    initials = "".join(w[0] for w in words if w[0].isupper())
                    if acr.replace(".", "").replace("&", "") [:1] == initials[:1]:
                        org.add(" ".join(words)); org.add(acr)
            for s in re.split(r"(?<=[.!?])\s+", para):
                toks = WORD.findall(s)
                for a, b in runs(toks):
                    if a == 0: a = 1  # sentence-initial capital says nothing
                    if b - a < 2 or b - a > 6: continue
                    if toks[b - 1] in ORG_HEADS and toks[a] not in GLUE and toks[a] not in ("The", "A", "An"):
                        run_counts[" ".join(toks[a:b])] += 1
    for name, c in run_counts.items():
        if c >= 2: org.add(name)
    print("# type<TAB>name. Organisation and place names from English Wikipedia text (CC BY-SA 3.0, Wikipedia contributors) via ../shared/bench/corpus-src; built by Models/make-wiki-gazetteer.py.")
    def proper(n):  # every word capitalised (or glue), no commas: a name, not a description
        return "," not in n and all(cap(w) or w in GLUE for w in n.split())
    for n in sorted(org):
        if proper(n): print(f"org\t{n}")
    for n in sorted(place - org):
        if proper(n): print(f"place\t{n}")

main()
