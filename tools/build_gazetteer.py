#!/usr/bin/env python3
"""Build the gazetteer data files in kg/data/ (re-runnable).

    .venv/bin/python tools/build_gazetteer.py [--shared ../shared/gazetteer]

Outputs (all committed with the project; nothing here is needed at run time):

* ``kg/data/states.csv``         one row per state (UN members, the two UN
  observer states, Taiwan and Kosovo).
* ``kg/data/organizations.csv``  international organisations and blocs.
* ``kg/data/office_holders.csv`` heads of state / government and foreign
  ministers, copied from the CC0 Wikidata extracts.

Where each column comes from (see kg/data/README.md for the licences):

* ``iso2``, ``iso3`` and the ISO 3166 names added to ``aliases`` come from
  ``pycountry``.  Kosovo is not in ISO 3166; it gets the user-assigned code
  XK / XKX that the EU and IMF use.
* ``name`` (the short form used in news), the other aliases, demonyms,
  capitals, capital aliases and government metonyms are the hand-written
  table ``STATES`` below (general knowledge, written for this project).
* ``qid`` / ``alt_qids`` come from the CC0 Wikidata columns of the shared
  draft gazetteer (``states.csv``: ``qid``, ``wikidata_label``, ``status``).
  Its ISO columns are ODbL (mledoze/countries): they are used *only* as a
  join key and are never written out.  Without the shared folder the QIDs of
  the previous build (kg/data/states.csv) are kept.
* ``office_holders.csv`` copies rows of the shared ``leaders.csv`` and
  ``foreign_ministers.csv`` (Wikidata via every-politician-scrapers, CC0).
  Without the shared folder the existing file is left untouched.
"""
from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.namespaces import slug  # noqa: E402

DATA = ROOT / "kg" / "data"
DEFAULT_SHARED = ROOT.parent / "shared" / "gazetteer"

STATE_COLUMNS = [
    "key", "name", "iso2", "iso3", "qid", "alt_qids", "status", "aliases",
    "demonyms", "capital", "capital_aliases", "government_metonyms",
]
ORG_COLUMNS = ["key", "name", "qid", "kind", "aliases"]
OFFICE_COLUMNS = [
    "country_key", "country_qid", "office_label", "office_qid", "person_label",
    "person_qid", "start", "end", "role_guess", "source",
]

# ---------------------------------------------------------------------------
# Hand-written table.  One state a line:
#   ISO2 | short name | aliases | demonyms | capital | capital aliases | metonyms
# Lists inside a field are separated by ";".  ISO 3166 names from pycountry
# are added to the aliases automatically (except "Korea, Republic of" forms).
# ---------------------------------------------------------------------------
STATES = """
AF | Afghanistan | Islamic Emirate of Afghanistan | Afghan | Kabul | |
AL | Albania | | Albanian | Tirana | Tirane |
DZ | Algeria | | Algerian | Algiers | | El Mouradia
AD | Andorra | | Andorran | Andorra la Vella | |
AO | Angola | | Angolan | Luanda | |
AG | Antigua and Barbuda | Antigua | Antiguan;Barbudan | Saint John's | St. John's;St John's |
AR | Argentina | | Argentine;Argentinian;Argentinean | Buenos Aires | | Casa Rosada
AM | Armenia | | Armenian | Yerevan | |
AU | Australia | Commonwealth of Australia | Australian | Canberra | |
AT | Austria | | Austrian | Vienna | Wien |
AZ | Azerbaijan | | Azerbaijani;Azeri | Baku | |
BS | Bahamas | The Bahamas | Bahamian | Nassau | |
BH | Bahrain | | Bahraini | Manama | |
BD | Bangladesh | | Bangladeshi | Dhaka | Dacca |
BB | Barbados | | Barbadian;Bajan | Bridgetown | |
BY | Belarus | Byelorussia;Belorussia | Belarusian;Belarusan;Byelorussian | Minsk | |
BE | Belgium | | Belgian | Brussels | Bruxelles;Brussel |
BZ | Belize | | Belizean | Belmopan | |
BJ | Benin | | Beninese;Beninois | Porto-Novo | Cotonou |
BT | Bhutan | | Bhutanese | Thimphu | |
BO | Bolivia | | Bolivian | Sucre | La Paz |
BA | Bosnia and Herzegovina | Bosnia;Bosnia-Herzegovina;Bosnia & Herzegovina;BiH | Bosnian;Herzegovinian | Sarajevo | |
BW | Botswana | | Motswana;Batswana;Botswanan | Gaborone | |
BR | Brazil | | Brazilian | Brasília | Brasilia | Planalto;Planalto Palace;Itamaraty
BN | Brunei | Nation of Brunei | Bruneian | Bandar Seri Begawan | |
BG | Bulgaria | | Bulgarian | Sofia | |
BF | Burkina Faso | Burkina | Burkinabe;Burkinabè | Ouagadougou | |
BI | Burundi | | Burundian | Gitega | Bujumbura |
CV | Cape Verde | Cabo Verde | Cape Verdean;Cabo Verdean | Praia | |
KH | Cambodia | | Cambodian;Khmer | Phnom Penh | |
CM | Cameroon | | Cameroonian | Yaoundé | Yaounde |
CA | Canada | | Canadian | Ottawa | |
CF | Central African Republic | CAR;Centrafrique | Central African | Bangui | |
TD | Chad | | Chadian | N'Djamena | Ndjamena |
CL | Chile | | Chilean | Santiago | Santiago de Chile | La Moneda
CN | China | PRC;P.R.C.;People's Republic of China;Mainland China | Chinese | Beijing | Peking | Zhongnanhai
CO | Colombia | | Colombian | Bogotá | Bogota | Casa de Nariño
KM | Comoros | Union of the Comoros | Comorian | Moroni | |
CG | Republic of the Congo | Congo;Republic of Congo;Congo Republic;Congo-Brazzaville | Congolese | Brazzaville | |
CD | Democratic Republic of the Congo | Congo;DRC;DR Congo;D.R. Congo;Democratic Republic of Congo;Congo-Kinshasa | Congolese | Kinshasa | |
CR | Costa Rica | | Costa Rican | San José | San Jose |
CI | Ivory Coast | Côte d'Ivoire;Cote d'Ivoire;Republic of Côte d'Ivoire | Ivorian | Yamoussoukro | Abidjan |
HR | Croatia | | Croatian;Croat | Zagreb | |
CU | Cuba | | Cuban | Havana | La Habana |
CY | Cyprus | | Cypriot | Nicosia | |
CZ | Czech Republic | Czechia | Czech | Prague | Praha |
DK | Denmark | | Danish;Dane | Copenhagen | | Christiansborg
DJ | Djibouti | | Djiboutian | Djibouti City | |
DM | Dominica | Commonwealth of Dominica | Dominican | Roseau | |
DO | Dominican Republic | | Dominican | Santo Domingo | |
EC | Ecuador | | Ecuadorian;Ecuadorean | Quito | | Carondelet
EG | Egypt | | Egyptian | Cairo | |
SV | El Salvador | | Salvadoran;Salvadorian | San Salvador | |
GQ | Equatorial Guinea | | Equatorial Guinean;Equatoguinean | Malabo | Ciudad de la Paz |
ER | Eritrea | | Eritrean | Asmara | |
EE | Estonia | | Estonian | Tallinn | |
SZ | Eswatini | Swaziland | Swazi;Emaswati | Mbabane | Lobamba |
ET | Ethiopia | | Ethiopian | Addis Ababa | |
FJ | Fiji | | Fijian | Suva | |
FI | Finland | | Finnish;Finn | Helsinki | |
FR | France | | French | Paris | | Elysee;Élysée;Elysee Palace;Élysée Palace;Quai d'Orsay;Matignon
GA | Gabon | | Gabonese | Libreville | |
GM | Gambia | The Gambia | Gambian | Banjul | |
GE | Georgia | | Georgian | Tbilisi | |
DE | Germany | | German | Berlin | | Kanzleramt;Bundeskanzleramt
GH | Ghana | | Ghanaian | Accra | |
GR | Greece | | Greek | Athens | | Maximos Mansion
GD | Grenada | | Grenadian | St. George's | Saint George's;St George's |
GT | Guatemala | | Guatemalan | Guatemala City | |
GN | Guinea | Guinea-Conakry;Republic of Guinea | Guinean | Conakry | |
GW | Guinea-Bissau | | Bissau-Guinean | Bissau | |
GY | Guyana | | Guyanese | Georgetown | |
HT | Haiti | | Haitian | Port-au-Prince | |
HN | Honduras | | Honduran | Tegucigalpa | |
HU | Hungary | | Hungarian | Budapest | |
IS | Iceland | | Icelandic;Icelander | Reykjavík | Reykjavik |
IN | India | Bharat | Indian | New Delhi | Delhi | South Block;Raisina Hill
ID | Indonesia | | Indonesian | Jakarta | Nusantara |
IR | Iran | | Iranian | Tehran | Teheran |
IQ | Iraq | | Iraqi | Baghdad | |
IE | Ireland | Republic of Ireland;Éire | Irish | Dublin | |
IL | Israel | | Israeli | Jerusalem | |
IT | Italy | | Italian | Rome | Roma | Palazzo Chigi;Farnesina;Quirinale
JM | Jamaica | | Jamaican | Kingston | |
JP | Japan | | Japanese | Tokyo | | Kasumigaseki;Nagatacho
JO | Jordan | | Jordanian | Amman | |
KZ | Kazakhstan | | Kazakh;Kazakhstani | Astana | Nur-Sultan | Akorda
KE | Kenya | | Kenyan | Nairobi | |
KI | Kiribati | | I-Kiribati | South Tarawa | Tarawa |
KP | North Korea | DPRK;D.P.R.K.;Democratic People's Republic of Korea;Korea | North Korean;Korean | Pyongyang | |
KR | South Korea | ROK;R.O.K.;Republic of Korea;Korea | South Korean;Korean | Seoul | | Blue House;Cheong Wa Dae
KW | Kuwait | | Kuwaiti | Kuwait City | |
KG | Kyrgyzstan | | Kyrgyz;Kyrgyzstani | Bishkek | |
LA | Laos | Lao PDR | Lao;Laotian | Vientiane | |
LV | Latvia | | Latvian | Riga | |
LB | Lebanon | | Lebanese | Beirut | | Baabda
LS | Lesotho | | Basotho;Mosotho | Maseru | |
LR | Liberia | | Liberian | Monrovia | |
LY | Libya | | Libyan | Tripoli | |
LI | Liechtenstein | | Liechtensteiner | Vaduz | |
LT | Lithuania | | Lithuanian | Vilnius | |
LU | Luxembourg | | Luxembourger;Luxembourgish | Luxembourg City | |
MG | Madagascar | | Malagasy | Antananarivo | |
MW | Malawi | | Malawian | Lilongwe | |
MY | Malaysia | | Malaysian | Kuala Lumpur | Putrajaya |
MV | Maldives | The Maldives | Maldivian | Malé | Male |
ML | Mali | | Malian | Bamako | | Koulouba
MT | Malta | | Maltese | Valletta | |
MH | Marshall Islands | | Marshallese | Majuro | |
MR | Mauritania | | Mauritanian | Nouakchott | |
MU | Mauritius | | Mauritian | Port Louis | |
MX | Mexico | | Mexican | Mexico City | |
FM | Micronesia | Federated States of Micronesia;FSM | Micronesian | Palikir | |
MD | Moldova | | Moldovan | Chișinău | Chisinau;Kishinev |
MC | Monaco | | Monegasque;Monacan | Monaco | |
MN | Mongolia | | Mongolian | Ulaanbaatar | Ulan Bator |
ME | Montenegro | | Montenegrin | Podgorica | |
MA | Morocco | | Moroccan | Rabat | |
MZ | Mozambique | | Mozambican | Maputo | |
MM | Myanmar | Burma;Republic of the Union of Myanmar | Burmese | Naypyidaw | Nay Pyi Taw;Naypyitaw |
NA | Namibia | | Namibian | Windhoek | |
NR | Nauru | | Nauruan | Yaren | |
NP | Nepal | | Nepali;Nepalese | Kathmandu | |
NL | Netherlands | The Netherlands;Holland | Dutch;Netherlander | Amsterdam | The Hague |
NZ | New Zealand | Aotearoa | New Zealander | Wellington | | Beehive
NI | Nicaragua | | Nicaraguan | Managua | |
NE | Niger | | Nigerien | Niamey | |
NG | Nigeria | | Nigerian | Abuja | | Aso Rock;Aso Villa
MK | North Macedonia | Macedonia;FYROM | Macedonian;North Macedonian | Skopje | |
NO | Norway | | Norwegian | Oslo | |
OM | Oman | | Omani | Muscat | |
PK | Pakistan | | Pakistani | Islamabad | |
PW | Palau | | Palauan | Ngerulmud | Melekeok |
PS | Palestine | State of Palestine | Palestinian | Ramallah | East Jerusalem |
PA | Panama | | Panamanian | Panama City | |
PG | Papua New Guinea | PNG | Papua New Guinean | Port Moresby | |
PY | Paraguay | | Paraguayan | Asunción | Asuncion |
PE | Peru | | Peruvian | Lima | |
PH | Philippines | The Philippines | Filipino;Philippine | Manila | | Malacañang;Malacanang;Malacañang Palace
PL | Poland | | Polish;Pole | Warsaw | |
PT | Portugal | | Portuguese | Lisbon | Lisboa |
QA | Qatar | | Qatari | Doha | |
RO | Romania | | Romanian | Bucharest | | Cotroceni
RU | Russia | Russian Federation | Russian | Moscow | | Kremlin
RW | Rwanda | | Rwandan | Kigali | |
KN | Saint Kitts and Nevis | St Kitts and Nevis;St. Kitts and Nevis;Saint Kitts;St Kitts;Federation of Saint Christopher and Nevis | Kittitian;Nevisian | Basseterre | |
LC | Saint Lucia | St Lucia;St. Lucia | Saint Lucian;St Lucian | Castries | |
VC | Saint Vincent and the Grenadines | St Vincent and the Grenadines;St. Vincent and the Grenadines;Saint Vincent;St Vincent | Vincentian | Kingstown | |
WS | Samoa | Western Samoa | Samoan | Apia | |
SM | San Marino | | Sammarinese | San Marino | City of San Marino |
ST | São Tomé and Príncipe | Sao Tome and Principe;São Tomé | Santomean | São Tomé | Sao Tome |
SA | Saudi Arabia | KSA | Saudi;Saudi Arabian | Riyadh | |
SN | Senegal | | Senegalese | Dakar | |
RS | Serbia | | Serbian;Serb | Belgrade | |
SC | Seychelles | | Seychellois | Victoria | |
SL | Sierra Leone | | Sierra Leonean | Freetown | |
SG | Singapore | | Singaporean | Singapore | |
SK | Slovakia | | Slovak;Slovakian | Bratislava | |
SI | Slovenia | | Slovenian;Slovene | Ljubljana | |
SB | Solomon Islands | Solomons | Solomon Islander | Honiara | |
SO | Somalia | | Somali | Mogadishu | | Villa Somalia
ZA | South Africa | RSA | South African | Pretoria | Cape Town;Bloemfontein;Tshwane | Union Buildings
SS | South Sudan | | South Sudanese | Juba | |
ES | Spain | | Spanish;Spaniard | Madrid | | Moncloa
LK | Sri Lanka | | Sri Lankan | Sri Jayawardenepura Kotte | Colombo;Kotte |
SD | Sudan | The Sudan | Sudanese | Khartoum | Port Sudan |
SR | Suriname | Surinam | Surinamese | Paramaribo | |
SE | Sweden | | Swedish;Swede | Stockholm | | Rosenbad
CH | Switzerland | | Swiss | Bern | Berne |
SY | Syria | | Syrian | Damascus | |
TW | Taiwan | Republic of China;ROC;R.O.C.;Chinese Taipei | Taiwanese | Taipei | |
TJ | Tajikistan | | Tajik;Tajikistani | Dushanbe | |
TZ | Tanzania | | Tanzanian | Dodoma | Dar es Salaam |
TH | Thailand | | Thai | Bangkok | |
TL | East Timor | Timor-Leste;Timor Leste | Timorese;East Timorese | Dili | |
TG | Togo | | Togolese | Lomé | Lome |
TO | Tonga | | Tongan | Nuku'alofa | |
TT | Trinidad and Tobago | Trinidad | Trinidadian;Tobagonian | Port of Spain | Port-of-Spain |
TN | Tunisia | | Tunisian | Tunis | |
TR | Turkey | Türkiye;Turkiye | Turkish;Turk | Ankara | |
TM | Turkmenistan | | Turkmen | Ashgabat | Ashkhabad |
TV | Tuvalu | | Tuvaluan | Funafuti | |
UG | Uganda | | Ugandan | Kampala | |
UA | Ukraine | | Ukrainian | Kyiv | Kiev | Bankova
AE | United Arab Emirates | UAE;U.A.E.;Emirates | Emirati | Abu Dhabi | |
GB | United Kingdom | UK;U.K.;Britain;Great Britain | British;Briton | London | | Downing Street;Number 10;No 10;No. 10;Whitehall
US | United States | US;U.S.;USA;U.S.A.;America | American | Washington | Washington, D.C.;Washington D.C.;Washington DC | White House;Foggy Bottom
UY | Uruguay | | Uruguayan | Montevideo | |
UZ | Uzbekistan | | Uzbek;Uzbekistani | Tashkent | |
VU | Vanuatu | | Ni-Vanuatu | Port Vila | |
VA | Vatican City | Holy See;Vatican;Vatican City State | Vatican | Vatican City | |
VE | Venezuela | | Venezuelan | Caracas | | Miraflores;Miraflores Palace
VN | Vietnam | Viet Nam;Socialist Republic of Vietnam | Vietnamese | Hanoi | Ha Noi |
YE | Yemen | | Yemeni | Sanaa | Sana'a;Aden |
ZM | Zambia | | Zambian | Lusaka | |
ZW | Zimbabwe | | Zimbabwean | Harare | |
XK | Kosovo | Republic of Kosovo | Kosovar;Kosovan | Pristina | Prishtina;Priština;Prishtinë |
"""

# Not in ISO 3166 (so not in pycountry): user-assigned codes used by the EU/IMF.
EXTRA_ISO = {"XK": ("XK", "XKX")}

UN_OBSERVERS = {"VA", "PS"}
PARTIALLY_RECOGNISED = {"TW", "XK"}

# The shared draft has the realm-level item for NL (Q29999) but not Q55; news
# means the country, so Q55 is the primary QID and Q29999 an alternative.
QID_OVERRIDES = {"NL": "Q55"}
# Extra QIDs under which office holders of a state appear (Wikidata, CC0).
EXTRA_ALT_QIDS = {
    "AF": ["Q427941"],   # Islamic Emirate of Afghanistan
    "NL": ["Q29999"],    # Kingdom of the Netherlands
    "VA": ["Q159583"],   # Holy See
}
# Known junk in the shared leaders.csv: "emir" rows on the Islamic Emirate item.
SKIP_OFFICE_ROWS = {("Q427941", "Q166382")}

# International organisations and blocs.  QIDs only where certain.
ORGS = """
united-nations | United Nations | Q1065 | intergovernmental | UN;U.N.;United Nations Organization
un-security-council | UN Security Council | Q37470 | un_organ | UNSC;United Nations Security Council;U.N. Security Council;Security Council
un-general-assembly | UN General Assembly | Q47423 | un_organ | UNGA;United Nations General Assembly;U.N. General Assembly
european-union | European Union | Q458 | bloc | EU;E.U.
european-council | European Council | Q8896 | eu_institution |
european-commission | European Commission | Q8880 | eu_institution |
european-parliament | European Parliament | Q8889 | eu_institution |
nato | NATO | Q7184 | military_alliance | Nato;North Atlantic Treaty Organization;North Atlantic Treaty Organisation;North Atlantic Alliance
asean | ASEAN | Q7768 | bloc | Asean;Association of Southeast Asian Nations;Association of South-East Asian Nations
african-union | African Union | Q7159 | bloc | AU
brics | BRICS | | bloc | Brics
g7 | G7 | | forum | G-7;Group of Seven
g20 | G20 | | forum | G-20;Group of Twenty;Group of 20
mercosur | Mercosur | | bloc | MERCOSUR;Mercosul;Southern Common Market
opec | OPEC | Q7795 | intergovernmental | Opec;Organization of the Petroleum Exporting Countries
iaea | IAEA | | un_agency | International Atomic Energy Agency
who | World Health Organization | Q7817 | un_agency | WHO;World Health Organisation
sco | Shanghai Cooperation Organisation | | intergovernmental | SCO;Shanghai Cooperation Organization
arab-league | Arab League | Q7172 | intergovernmental | League of Arab States
gcc | Gulf Cooperation Council | | bloc | GCC;Cooperation Council for the Arab States of the Gulf
imf | International Monetary Fund | Q7804 | intergovernmental | IMF
world-bank | World Bank | Q7164 | intergovernmental | World Bank Group
wto | World Trade Organization | Q7825 | intergovernmental | WTO;World Trade Organisation
osce | OSCE | Q81299 | intergovernmental | Organization for Security and Co-operation in Europe;Organisation for Security and Co-operation in Europe
council-of-europe | Council of Europe | Q8908 | intergovernmental |
icj | International Court of Justice | Q7801 | court | ICJ;World Court
icc | International Criminal Court | Q47488 | court | ICC
commonwealth | Commonwealth of Nations | Q7785 | intergovernmental | Commonwealth Secretariat
unesco | UNESCO | Q7809 | un_agency | Unesco;United Nations Educational, Scientific and Cultural Organization
unicef | UNICEF | | un_agency | Unicef;United Nations Children's Fund
unhcr | UNHCR | | un_agency | United Nations High Commissioner for Refugees;UN refugee agency
oecd | OECD | | intergovernmental | Organisation for Economic Co-operation and Development;Organization for Economic Cooperation and Development
oas | Organization of American States | | intergovernmental | OAS
oic | Organisation of Islamic Cooperation | | intergovernmental | OIC;Organization of Islamic Cooperation
ecowas | ECOWAS | | bloc | Economic Community of West African States;Ecowas
apec | APEC | | forum | Asia-Pacific Economic Cooperation
quad | Quad | | forum | Quadrilateral Security Dialogue
aukus | AUKUS | | military_alliance |
csto | CSTO | | military_alliance | Collective Security Treaty Organization
eaeu | Eurasian Economic Union | | bloc | EAEU;EEU
"""


def _split(field: str) -> list[str]:
    return [x.strip() for x in field.split(";") if x.strip()]


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").split())


def _fold(text: str) -> str:
    return _ascii(text).lower()


def _dedupe(items: list[str], *exclude: str) -> list[str]:
    """Drop repeats; case is kept ("NATO" and "Nato" match differently)."""
    seen = {_ascii(x) for x in exclude if x}
    out = []
    for item in items:
        if item and _ascii(item) not in seen:
            seen.add(_ascii(item))
            out.append(item)
    return out


def _pycountry_names(country) -> list[str]:
    names = []
    for attr in ("common_name", "name", "official_name"):
        value = getattr(country, attr, None)
        if not value or "," in value or "(" in value:
            continue  # "Korea, Republic of", "Holy See (Vatican City State)"
        if value.lower().startswith("the "):
            value = value[4:]
        names.append(value)
    return names


def parse_states() -> list[dict]:
    rows = []
    for line in STATES.strip().splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 7:
            raise ValueError(f"bad STATES line: {line!r}")
        iso2, name, aliases, demonyms, capital, cap_aliases, metonyms = parts
        if iso2 in EXTRA_ISO:
            iso2, iso3 = EXTRA_ISO[iso2]
            iso_names: list[str] = []
        else:
            country = pycountry.countries.get(alpha_2=iso2)
            if country is None:
                raise ValueError(f"{iso2} not in pycountry")
            iso3 = country.alpha_3
            iso_names = _pycountry_names(country)
        status = ("un_observer" if iso2 in UN_OBSERVERS
                  else "partially_recognised" if iso2 in PARTIALLY_RECOGNISED
                  else "un_member")
        rows.append({
            "key": slug(name),
            "name": name,
            "iso2": iso2,
            "iso3": iso3,
            "qid": "",
            "alt_qids": [],
            "status": status,
            "aliases": _dedupe(_split(aliases) + iso_names, name),
            "demonyms": _dedupe(_split(demonyms)),
            "capital": capital,
            "capital_aliases": _dedupe(_split(cap_aliases), capital),
            "government_metonyms": _dedupe(_split(metonyms)),
        })
    keys = [r["key"] for r in rows]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise ValueError(f"duplicate keys: {sorted(dupes)}")
    return rows


_STATUS_RANK = {"sovereign_state": 0, "limited_recognition_or_disputed": 1}


def attach_qids(rows: list[dict], shared: Path | None) -> str:
    """Fill qid/alt_qids.  Returns a note on where they came from."""
    if shared is not None:
        with open(shared / "states.csv", newline="", encoding="utf-8") as fh:
            wd = list(csv.DictReader(fh))
        # iso2 is ODbL: used here only as a join key, never written out.
        by_iso: dict[str, list[dict]] = {}
        by_label: dict[str, list[dict]] = {}
        for r in wd:
            if r.get("iso2"):
                by_iso.setdefault(r["iso2"], []).append(r)
            by_label.setdefault(_fold(r["wikidata_label"]), []).append(r)
        for row in rows:
            cands = by_iso.get(row["iso2"], [])
            if not cands:
                for form in [row["name"], *row["aliases"]]:
                    cands = by_label.get(_fold(form), [])
                    if cands:
                        break
            cands = sorted(cands, key=lambda r: _STATUS_RANK.get(r["status"], 9))
            qids = [c["qid"] for c in cands]
            primary = QID_OVERRIDES.get(row["iso2"]) or (qids[0] if qids else "")
            row["qid"] = primary
            row["alt_qids"] = _dedupe(
                [q for q in qids + EXTRA_ALT_QIDS.get(row["iso2"], []) if q != primary])
        return f"QIDs from {shared / 'states.csv'} (CC0 columns)"
    previous = DATA / "states.csv"
    if previous.exists():
        with open(previous, newline="", encoding="utf-8") as fh:
            old = {r["key"]: r for r in csv.DictReader(fh)}
        for row in rows:
            if row["key"] in old:
                row["qid"] = old[row["key"]]["qid"]
                row["alt_qids"] = _split(old[row["key"]]["alt_qids"].replace("|", ";"))
        return "QIDs kept from the previous kg/data/states.csv (no shared folder)"
    return "no QIDs: neither the shared folder nor a previous build was found"


def write_states(rows: list[dict]) -> None:
    with open(DATA / "states.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=STATE_COLUMNS, lineterminator="\n")
        w.writeheader()
        for row in sorted(rows, key=lambda r: r["key"]):
            w.writerow({k: "|".join(v) if isinstance(v, list) else v
                        for k, v in row.items()})


def write_orgs() -> int:
    rows = []
    for line in ORGS.strip().splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 5:
            raise ValueError(f"bad ORGS line: {line!r}")
        key, name, qid, kind, aliases = parts
        rows.append({"key": key, "name": name, "qid": qid, "kind": kind,
                     "aliases": "|".join(_dedupe(_split(aliases), name))})
    with open(DATA / "organizations.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=ORG_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return len(rows)


def write_office_holders(rows: list[dict], shared: Path | None) -> str:
    target = DATA / "office_holders.csv"
    if shared is None:
        return f"kept existing {target.name}" if target.exists() else "no office holders"
    qid_to_key: dict[str, str] = {}
    for row in rows:
        for q in row["alt_qids"]:
            qid_to_key.setdefault(q, row["key"])
    for row in rows:  # primary QIDs win over alternatives
        if row["qid"]:
            qid_to_key[row["qid"]] = row["key"]

    out = []
    with open(shared / "leaders.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            key = qid_to_key.get(r["country_qid"])
            if not key or (r["country_qid"], r["position_qid"]) in SKIP_OFFICE_ROWS:
                continue
            out.append({
                "country_key": key, "country_qid": r["country_qid"],
                "office_label": r["position_label"], "office_qid": r["position_qid"],
                "person_label": r["person_label"], "person_qid": r["person_qid"],
                "start": r["start_year"], "end": r["end_year"],
                "role_guess": r["role_guess"], "source": "leaders",
            })
    with open(shared / "foreign_ministers.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            key = qid_to_key.get(r["country_qid"])
            if not key or not r["person_qid"].startswith("Q"):
                continue
            out.append({
                "country_key": key, "country_qid": r["country_qid"],
                "office_label": r["position_label"], "office_qid": r["position_qid"],
                "person_label": r["person_label"], "person_qid": r["person_qid"],
                "start": r["start"], "end": "",
                "role_guess": "foreign_minister", "source": "foreign_ministers",
            })
    out.sort(key=lambda r: (r["country_key"], r["role_guess"], r["office_label"].lower(),
                            r["start"], r["person_qid"]))
    with open(target, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=OFFICE_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    return f"{len(out)} office-holder rows from {shared}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                    help="folder with the CC0 states/leaders/foreign_ministers CSVs")
    args = ap.parse_args(argv)
    shared = args.shared if (args.shared / "states.csv").exists() else None

    DATA.mkdir(parents=True, exist_ok=True)
    rows = parse_states()
    note = attach_qids(rows, shared)
    missing = [r["key"] for r in rows if not r["qid"]]
    write_states(rows)
    n_orgs = write_orgs()
    office_note = write_office_holders(rows, shared)
    print(f"{len(rows)} states -> {DATA / 'states.csv'}; {note}")
    if missing:
        print(f"  states without QID: {', '.join(missing)}")
    print(f"{n_orgs} organisations -> {DATA / 'organizations.csv'}")
    print(office_note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
