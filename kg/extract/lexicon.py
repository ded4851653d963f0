"""Word lists the rule extractor uses: titles, trigger verbs, cue words.

General English and the general vocabulary of diplomatic reporting only; no
names or phrases from any particular article.
"""
from __future__ import annotations

# Office titles, longest first when matched; value is the office's canonical label.
OFFICES = {
    "supreme leader": "Supreme Leader", "prime minister": "Prime Minister",
    "deputy prime minister": "Deputy Prime Minister", "first deputy prime minister": "Deputy Prime Minister",
    "foreign minister": "Foreign Minister", "foreign affairs minister": "Foreign Minister",
    "minister of foreign affairs": "Foreign Minister", "minister for foreign affairs": "Foreign Minister",
    "deputy foreign minister": "Deputy Foreign Minister", "vice foreign minister": "Deputy Foreign Minister",
    "foreign secretary": "Foreign Secretary", "secretary of state": "Secretary of State",
    "deputy secretary of state": "Deputy Secretary of State",
    "defence minister": "Defence Minister", "defense minister": "Defence Minister",
    "minister of defence": "Defence Minister", "minister of defense": "Defence Minister",
    "defense secretary": "Defence Secretary", "defence secretary": "Defence Secretary",
    "secretary of defense": "Defence Secretary",
    "finance minister": "Finance Minister", "trade minister": "Trade Minister",
    "interior minister": "Interior Minister", "economy minister": "Economy Minister",
    "energy minister": "Energy Minister", "home secretary": "Home Secretary",
    "vice president": "Vice President", "vice-president": "Vice President",
    "president": "President", "chancellor": "Chancellor", "premier": "Premier",
    "king": "King", "queen": "Queen", "crown prince": "Crown Prince", "emir": "Emir",
    "sultan": "Sultan", "monarch": "Monarch", "pope": "Pope",
    "secretary-general": "Secretary-General", "secretary general": "Secretary-General",
    "general secretary": "General Secretary", "chairman": "Chairman", "chairwoman": "Chairman",
    "chair": "Chair", "spokesperson": "Spokesperson", "spokesman": "Spokesperson",
    "spokeswoman": "Spokesperson", "press secretary": "Press Secretary",
    "national security adviser": "National Security Adviser",
    "national security advisor": "National Security Adviser",
    "foreign policy aide": "Foreign Policy Aide", "aide": "Aide", "adviser": "Adviser",
    "ambassador": "Ambassador", "envoy": "Envoy", "special envoy": "Special Envoy",
    "leader": "Leader", "head of state": "Head of State", "minister": "Minister",
    "governor": "Governor", "mayor": "Mayor", "speaker": "Speaker", "secretary": "Secretary",
    "pontiff": "Pope", "foreign affairs secretary": "Foreign Minister",
}
# Title heads that take a portfolio ("Secretary of Foreign Affairs", "Minister for Trade").
TITLE_HEADS = {"minister": "Minister", "secretary": "Secretary", "ministers": "Minister",
               "secretaries": "Secretary", "commissioner": "Commissioner", "director": "Director"}
# Portfolio words, with the office they make when they follow a title head.
PORTFOLIOS = {"foreign": "Foreign", "affairs": "Affairs", "national": "National", "defense": "Defence",
              "defence": "Defence", "finance": "Finance", "trade": "Trade", "interior": "Interior",
              "home": "Home", "justice": "Justice", "economy": "Economy", "energy": "Energy",
              "health": "Health", "education": "Education", "state": "State", "commerce": "Commerce",
              "industry": "Industry", "agriculture": "Agriculture", "security": "Security",
              "international": "International", "cooperation": "Cooperation", "external": "External",
              "relations": "Relations", "economic": "Economic", "development": "Development",
              "treasury": "Treasury", "war": "War", "and": "and", "the": "the", "public": "Public",
              "culture": "Culture", "transport": "Transport", "environment": "Environment"}
PORTFOLIO_OFFICES = {"foreign affairs": "Foreign Minister", "foreign": "Foreign Minister",
                     "external affairs": "Foreign Minister", "national defense": "Defence Minister",
                     "national defence": "Defence Minister", "defense": "Defence Minister",
                     "defence": "Defence Minister", "state": "Secretary of State"}
# Offices whose holder "leads" a state: what "the Chilean leader" refers to.
LEADER_OFFICES = {"President", "Supreme Leader", "Leader", "King", "Queen", "Emir", "Sultan",
                  "Monarch", "General Secretary", "Chairman", "Head of State", "Prime Minister",
                  "Chancellor", "Premier", "Crown Prince"}
HEAD_OF_STATE = {"President", "Supreme Leader", "Leader", "King", "Queen", "Emir", "Sultan",
                 "Monarch", "General Secretary", "Chairman", "Head of State"}
HEAD_OF_GOVERNMENT = {"Prime Minister", "Chancellor", "Premier"}
# Nouns a nominal reference to a person may use ("the Chilean leader", "his counterpart").
PERSON_NOUNS = {"leader", "president", "premier", "chancellor", "king", "queen", "minister",
                "counterpart", "emir", "monarch", "prime", "host", "guest"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "comrade",
              "general", "gen.", "marshal", "lt.", "col.", "sheikh", "his", "her", "excellency",
              "colonel", "captain", "capt.", "lieutenant", "major", "admiral", "brigadier",
              "senior", "senator", "sen.", "rep.", "congressman", "congresswoman", "prince",
              "princess", "cardinal", "archbishop", "then", "then-", "former", "late", "acting",
              "interim", "incoming", "outgoing"}
# Words that, standing right before a capitalised name, make it a person's name
# ("President Ana ...", "Colonel Ole ...", "Sheikh Omar ...").
TITLE_WORDS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "gen.", "marshal",
               "lt.", "col.", "sheikh", "colonel", "captain", "capt.", "lieutenant", "admiral",
               "brigadier", "senator", "sen.", "rep.", "congressman", "congresswoman", "prince",
               "princess", "cardinal", "archbishop", "general"}
# Titles that, given with no state at all, name one state's office in English-language
# news (other states' equivalents carry a portfolio: "Secretary of State for ...").
SINGLE_STATE_TITLES = {"Secretary of State": "united-states", "Deputy Secretary of State": "united-states"}
# Words that may stand between a state and a title ("Japan's new prime minister",
# "Turkey's presidential spokesman", "the Chinese deputy U.N. ambassador").
TITLE_MODIFIERS = {"new", "former", "top", "chief", "deputy", "acting", "interim", "incoming",
                   "outgoing", "current", "presidential", "senior", "then", "longtime",
                   "veteran", "executive", "vice", "first", "permanent", "special", "late"}
# Words next to a name that show the person's gender (for he/she resolution).
GENDER_WORDS = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f",
                "madam": "f", "king": "m", "queen": "f", "prince": "m", "princess": "f",
                "sir": "m", "dame": "f", "spokeswoman": "f", "spokesman": "m",
                "chairwoman": "f", "congresswoman": "f", "congressman": "m", "emir": "m",
                "sultan": "m", "sheikh": "m", "sheikha": "f", "businesswoman": "f"}
# Name suffixes and particles that are not a surname ("Lind Jr.").
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}

# Nouns that make a capitalised name a venue ("... Palace", "... Cosmodrome").
VENUE_NOUNS = {"palace", "hall", "house", "guesthouse", "residence", "cosmodrome", "airport",
               "airbase", "base", "centre", "center", "hotel", "building", "headquarters",
               "stadium", "square", "cathedral", "resort", "port", "harbour", "harbor", "station",
               "embassy", "castle", "villa", "compound", "complex", "plant", "factory",
               "shipyard", "academy", "university", "museum", "memorial", "mausoleum",
               "cemetery", "park", "garden", "gardens", "lodge", "estate", "island", "dacha",
               "office", "parliament", "assembly", "chancellery", "kremlin", "forum"}

# Event triggers by lemma.
MEET_VERBS = {"meet", "confer", "greet", "host", "receive", "welcome", "huddle", "talk"}
MEET_NOUNS = {"meeting", "talks", "summit", "encounter", "audience", "consultations",
              "negotiations", "tête-à-tête", "get-together", "bilateral", "sit-down"}
CALL_CUES = {"phone", "telephone", "call", "video", "videoconference", "video-conference",
             "virtual", "virtually", "online", "videolink", "teleconference", "phoned", "dial"}
VISIT_VERBS = {"visit", "travel", "tour", "fly", "arrive", "land", "go", "come", "head", "trip"}
VISIT_NOUNS = {"visit", "trip", "tour", "journey", "arrival", "voyage", "state visit"}
INVITE_LEMMAS = {"invite", "invitation"}
SIGN_VERBS = {"sign", "ink", "conclude", "seal", "ratify", "initial"}
AGREE_VERBS = {"agree", "adopt", "reach", "approve", "endorse", "strike", "forge"}
AGREEMENT_NOUNS = {"agreement", "treaty", "pact", "deal", "accord", "memorandum", "declaration",
                   "partnership", "convention", "protocol", "charter", "communique",
                   "communiqué", "statement", "mou", "arrangement", "contract", "roadmap",
                   "plan", "framework", "alliance"}
TRANSFER_VERBS = {"supply", "transfer", "provide", "deliver", "send", "ship", "sell", "give", "deploy",
                  "export", "hand", "donate", "pledge", "furnish", "dispatch", "gift"}
ARMS_NOUNS = {"missile", "missiles", "weapon", "weapons", "arms", "ammunition", "munition",
              "munitions", "shell", "shells", "drone", "drones", "tank", "tanks", "artillery",
              "rocket", "rockets", "jet", "jets", "fighter", "fighters", "aircraft",
              "helicopter", "helicopters", "troops", "soldiers", "equipment", "materiel",
              "howitzer", "howitzers", "launcher", "launchers", "warship", "warships",
              "submarine", "submarines", "rifle", "rifles", "bomb", "bombs", "interceptor",
              "interceptors", "system", "systems", "vehicles", "ammo", "armaments", "hardware",
              "forces", "military", "personnel", "servicemembers", "marines", "sailors", "battalion",
              "battalions", "brigade", "contingent", "peacekeepers"}
AID_NOUNS = {"aid", "assistance", "loan", "loans", "grant", "grants", "funding", "funds",
             "money", "support", "package", "relief", "credit", "budget", "dollars", "euros",
             "vaccine", "vaccines", "doses", "humanitarian", "cargo", "containers", "funding"}
# Verbs whose subject is the recipient of a transfer ("Y received tanks from X").
RECEIVE_VERBS = {"receive", "accept", "obtain", "acquire", "buy", "purchase", "import", "seek",
                 "procure"}
# Verbs that pledge a transfer for later ("approved $5 million in aid for X").
PLEDGE_VERBS = {"approve", "announce", "unveil", "authorize", "authorise", "earmark", "allocate",
                "commit", "promise", "offer", "pledge"}
# Governing verbs that make an infinitive transfer a commitment ("agreed to provide").
COMMIT_VERBS = {"agree", "pledge", "promise", "vow", "commit", "offer", "decide", "undertake"}
# Verbs of arrival, and the personnel whose arrival is a transfer from their state.
ARRIVE_VERBS = {"arrive", "deploy", "land"}
DEPLOYED_PERSONNEL = {"instructors", "advisers", "advisors", "trainers", "peacekeepers",
                      "mercenaries", "contractors"}
# Things a "package" or "support" may be that are not moved from one state to another.
NOT_TRANSFERRED = {"sanction", "sanctions", "reform", "reforms", "tariff", "tariffs", "measures",
                   "resolution", "statement", "stimulus", "bill"}
SPEECH_VERBS = {"say", "tell", "state", "announce", "declare", "add", "report", "claim",
                "warn", "urge", "insist", "note", "stress", "confirm", "deny", "write",
                "express", "accuse", "allege", "call", "describe", "quote"}
ELECTION_NOUNS = {"election", "elections", "vote", "referendum", "poll", "polls", "runoff"}

# Status cues.
PLAN_WORDS = {"will", "shall", "would", "could", "may", "might", "expect", "expected", "plan",
              "planned", "plans", "schedule", "scheduled", "intend", "intends", "set", "due",
              "upcoming", "forthcoming", "future", "next", "willingness", "willing", "hope",
              "hopes", "prepare", "preparing", "propose", "proposed", "aim", "seek", "want",
              "wish", "invite", "invitation", "accept", "consider", "possible", "possibility",
              "likely", "potential", "eventual", "to"}
CANCEL_WORDS = {"cancel", "call", "postpone", "scrap", "abandon", "shelve", "delay", "suspend",
                "pull", "scrapped", "cancelled", "canceled", "postponed", "off", "halt", "drop"}
DENY_VERBS = {"deny", "rule", "reject", "dismiss", "refute"}
ALLEGE_WORDS = {"accuse", "allege", "allegedly", "reportedly", "claim", "suspect", "suspected",
                "purportedly", "purported", "suspicion", "accusation", "accusations"}
NEG_WORDS = {"not", "n't", "never", "no"}
ATTRIBUTION_VERBS = {"report", "say", "tell", "announce", "state", "claim", "confirm", "cite",
                     "quote"}
NEWS_WORDS = {"news", "agency", "press", "media", "times", "post", "tv", "television", "radio",
              "broadcaster", "newspaper", "daily", "herald", "journal", "tribune", "gazette",
              "wire", "reuters", "outlet"}

# Multi-party encounters: the nouns that name one, and the words that put a person at one.
GATHERING_NOUNS = {"summit", "gathering", "conference", "meeting", "session", "ceremony", "talks",
                   "negotiations", "consultations", "dialogue", "retreat", "forum", "congress"}
ATTEND_VERBS = {"attend", "join", "participate", "gather", "convene", "skip", "boycott", "address",
                "chair", "co-chair", "lead", "open"}
HOST_VERBS = {"host", "receive", "welcome", "greet"}
# "X and Y were at the table", "X was present", "among those attending", "in attendance"
ATTEND_PHRASES = {"table", "present", "attendance", "attending", "participants", "participant"}
SPLIT_WORDS = {"separate", "separately", "respectively", "individually", "one-on-one"}

# Verbs and nouns a title-case headline puts right after a name, which the model may read as
# part of it ("X Travels to P", "X Meets Y", "X's Remarks").
HEADLINE_VERBS = {"travels", "travel", "visits", "meets", "arrives", "departs", "remarks", "hosts",
                  "welcomes", "receives", "calls", "speaks", "signs", "concludes", "leads", "attends",
                  "statement", "statements", "readout", "meeting", "call", "trip", "visit"}
