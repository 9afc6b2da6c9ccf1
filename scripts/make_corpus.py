#!/usr/bin/env python3
"""Build quoth's conformance corpus: `tests/corpus/corpus.jsonl` (one JSON string per line) and
`tests/corpus/categories.txt` (the category of each line, same order).

Deterministic (fixed seeds, no clock, no network). The texts are generated here: news-style prose in
several registers, headlines, bylines, datelines, lists, every awkward character class the
tokenizer has to survive, empty/whitespace-only strings, 24 long multi-paragraph articles, plus a
"torture" subset made of the string literals in spaCy's own tokenizer/English unit tests (read from
the installed spaCy package, used only as corpus text).

Usage: python scripts/make_corpus.py [--out-dir tests/corpus] [--no-spacy-tests]
"""
import argparse
import ast
import glob
import json
import os
import random
import sys

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

PEOPLE = [
    "John Smith", "Maria Garcia", "Angela Merkel", "Joe Biden", "Emmanuel Macron", "Tim Cook",
    "Satya Nadella", "Elon Musk", "Christine Lagarde", "Jerome Powell", "Rishi Sunak", "Xi Jinping",
    "Narendra Modi", "Olaf Scholz", "Mr. Johnson", "Dr. Anthony Fauci", "Sen. Elizabeth Warren",
    "Gov. Gavin Newsom", "Ms. Lee", "Kamala Harris", "Priya Raman", "Kwame Mensah", "Sofia Rossi",
    "Hiroshi Tanaka", "Fatima Al-Sayed", "Liam O'Connor", "Siobhan O’Neill", "Jean-Luc Picard",
    "Mary-Kate Ellis", "Carlos de la Cruz", "Prof. Helen Wu", "Gen. Mark Milley", "Rep. Ilhan Omar",
    "Lt. Col. James Reed", "Dr. Amara Okafor", "Chancellor Friedrich Merz", "Pope Francis",
    "Judge Ketanji Brown Jackson", "Ana Lúcia Ferreira", "Søren Kierkegaard", "Zoë Kravitz",
]
ATHLETES = [
    "LeBron James", "Serena Williams", "Lionel Messi", "Cristiano Ronaldo", "Naomi Osaka",
    "Patrick Mahomes", "Shohei Ohtani", "Simone Biles", "Erling Haaland", "Novak Djokovic",
    "Caitlin Clark", "Virat Kohli", "Kylian Mbappé", "Steph Curry", "Aaron Judge", "Iga Świątek",
]
TEAMS = [
    "the Lakers", "the Boston Celtics", "Manchester United", "Real Madrid", "the Yankees",
    "the Kansas City Chiefs", "Bayern Munich", "the Golden State Warriors", "Arsenal",
    "the Chicago Cubs", "the New England Patriots", "Paris Saint-Germain", "the Dodgers",
    "Liverpool F.C.", "the All Blacks", "Team USA",
]
ORGS = [
    "Apple", "Microsoft", "the European Central Bank", "Goldman Sachs", "the World Bank", "Reuters",
    "the Federal Reserve", "Toyota Motor Corp.", "Amazon.com Inc.", "the United Nations", "NASA",
    "the IMF", "Deutsche Bank", "Pfizer", "General Electric", "the Supreme Court", "Alphabet Inc.",
    "BP plc", "the New York Times", "OPEC", "the AFL-CIO", "JPMorgan Chase & Co.", "AT&T",
    "Procter & Gamble", "the U.S. Department of Justice", "Samsung Electronics Co.", "Nvidia",
    "the Bank of England", "Tesla Inc.", "the WHO", "Berkshire Hathaway", "Volkswagen AG",
    "the Pentagon", "H&M", "McDonald's", "L'Oréal", "Nestlé S.A.", "the FBI", "the E.U.",
]
PLACES = [
    "New York", "London", "Paris", "Berlin", "Beijing", "Tokyo", "Washington", "California",
    "Texas", "Brazil", "India", "South Africa", "the U.K.", "the U.S.", "Hong Kong", "Moscow",
    "Kenya", "Mexico City", "Silicon Valley", "the Middle East", "São Paulo", "Zürich",
    "Kyiv", "Gaza", "Lagos", "Jakarta", "Washington, D.C.", "St. Louis", "Ft. Worth",
    "the Gulf of Mexico", "Wall Street", "Capitol Hill", "Brussels", "Sydney", "Québec",
]
DATES = [
    "on Monday", "on Tuesday", "last week", "in March", "on Jan. 5", "in 2019", "on Friday",
    "earlier this year", "in the third quarter", "since 2008", "on Oct. 12, 2021", "this morning",
    "late on Wednesday", "in the 1990s", "next month", "on Sept. 30", "in mid-2024",
    "on 5 March 2023", "on 2024-06-01", "on the night of Dec. 31", "over the weekend",
    "in fiscal 2025", "two days ago", "on Thursday evening", "in the '80s", "by Q4",
]
MONEY = [
    "$1.2 billion", "$500 million", "€3 billion", "£45 million", "$12.50 a share", "about $2 trillion",
    "$99", "US$7.4 billion", "10 million euros", "$3.5bn", "¥1.2 trillion", "₹500 crore",
    "C$40 million", "A$1.1bn", "$0.99", "roughly $4,000", "1.5 million pounds", "$5-$10",
    "CHF 200 million", "$1,234,567.89",
]
PCT = ["3.5%", "12 percent", "0.25 percentage points", "40%", "nearly 8 per cent", "1.9%", "-0.4%",
       "a quarter", "half a percentage point", "100 basis points", "2.75 pct"]
VERBS = ["said", "announced", "reported", "warned", "confirmed", "denied", "told reporters",
         "argued", "predicted", "acknowledged", "wrote on X", "said in an interview",
         "insisted", "added", "noted"]
TOPICS = [
    "inflation would remain high", "the deal was worth {money}",
    "profits rose {pct} from a year earlier", "the company would cut 1,200 jobs",
    "talks with {org} had stalled", "prices fell {pct} {date}",
    "the plan would be unveiled {date}", "it had agreed to buy a stake in {org}",
    "the economy grew {pct} in the second quarter", "sales in {place} were weak",
    "the merger wasn't approved by regulators", "shares of {org} jumped {pct}",
    "{person} would visit {place} {date}", "the storm killed at least 14 people in {place}",
    "the agency's budget of {money} was cut", "the ceasefire in {place} was holding",
    "{org} couldn't meet its targets", "the bill wouldn't pass the Senate",
    "they'd already spent {money}", "the vote was delayed until {date}",
    "unemployment had fallen to {pct}", "the factory in {place} would close {date}",
]

POLITICS = [
    "The Senate voted 51-49 {date} to advance the {bill}, sending it to the House.",
    "{person} told lawmakers that the {bill} \"isn't perfect, but it's a start.\"",
    "Polls in {place} opened at 7 a.m. local time, and turnout was {pct} higher than in 2020.",
    "The governor's office said it would veto any measure that raised taxes on small businesses.",
    "Rep. {last} (D-Calif.) and Sen. {last2} (R-Texas) introduced a bipartisan amendment {date}.",
    "Opposition leaders in {place} called the result \"a travesty\" and demanded a recount.",
    "The committee's chairman, {person}, said hearings would resume {date}.",
    "Under the proposal, federal spending would rise by {money} over 10 years.",
    "{person} conceded the race shortly after midnight, thanking supporters in {place}.",
    "The prime minister's coalition lost its majority after two junior partners walked out.",
    "A spokesman for {org} declined to comment on the investigation.",
    "Voters in {place} rejected the referendum by a margin of 58% to 42%.",
    "Critics say the {bill} would strip protections from roughly 3 million workers.",
    "The White House said the president would sign the {bill} {date}.",
    "In a 6-3 ruling, the justices found that the state's map violated the Voting Rights Act.",
]
BILLS = ["infrastructure bill", "Inflation Reduction Act", "farm bill", "budget resolution",
         "CHIPS and Science Act", "immigration overhaul", "defense authorization bill",
         "stopgap spending measure", "data-privacy law"]
SPORTS = [
    "{team} beat {team2} 104-98 {date}, with {athlete} scoring 37 points.",
    "{athlete} won the final 6-4, 3-6, 7-6 (7-3) after nearly four hours on court.",
    "{team} extended their unbeaten run to 12 games with a 3-1 win over {team2}.",
    "{athlete}, 24, signed a five-year, {money} contract extension {date}.",
    "The No. 3 seed was knocked out in the second round by a 19-year-old qualifier.",
    "{athlete} went 3-for-4 with two RBIs as {team} clinched a playoff berth.",
    "It was the first hat-trick of {athlete}'s career and {team}'s biggest win since 1998.",
    "\"We didn't play our best,\" the coach said. \"But a win's a win.\"",
    "{team2} trailed by 17 at halftime before a 21-0 run in the third quarter.",
    "The marathon was won in 2:04:37, a course record, despite temperatures of 28°C.",
    "{athlete} was ruled out for 4-6 weeks with a hamstring injury.",
    "Final score: {team} 2, {team2} 2 (aet; {team} won 5-4 on penalties).",
    "She finished the 100m in 10.71 seconds, 0.02 ahead of the defending champion.",
    "The trade sends {athlete} and a 2027 first-round pick to {team}.",
]
BUSINESS = [
    "{org} (NASDAQ: AAPL) reported third-quarter revenue of {money}, up {pct} year over year.",
    "Earnings per share came in at $2.15, beating analysts' estimates of $1.98.",
    "The S&P 500 rose 1.2% to 5,321.41, while the Dow Jones Industrial Average added 310 points.",
    "Brent crude futures fell {pct} to $78.40 a barrel {date}.",
    "{org} said it expects full-year sales of {money} to {money2}, below guidance.",
    "The 10-year Treasury yield climbed to 4.62%, its highest level since 2007.",
    "{org}'s board approved a {money} share buyback and raised the dividend to $0.24.",
    "The company, which employs about 45,000 people, will take a {money} charge in Q2.",
    "Shares of {org} (NYSE: GE) slid {pct} in pre-market trading after the CEO resigned.",
    "The euro traded at $1.0842, and the yen weakened past 150 per dollar.",
    "Analysts at {org} cut their price target to $145 from $160, citing weaker margins.",
    "The deal values the start-up at roughly {money}, including debt.",
    "Inflation, as measured by the CPI, eased to {pct} in May from 3.4% in April.",
    "Bitcoin topped $70,000 for the first time, a 4x gain since Jan. 2023.",
]
FEATURES = [
    "The kitchen smells of cardamom and burnt sugar, and the radio in the corner plays a song nobody remembers.",
    "She was 11 when the floods came; her family's house, a two-room shack near the river, was gone by morning.",
    "“I never thought I’d see this place again,” he says, running a hand along the cracked plaster.",
    "Down the hall, a retired schoolteacher keeps a ledger of every storm since 1974 — in pencil.",
    "It's a Tuesday in late October, and the queue outside the clinic already stretches around the block.",
    "For decades the mill was the town's heartbeat; now its windows are boarded and its chimney silent.",
    "‘Don’t write that down,’ she laughs, before telling the story anyway.",
    "He learned to fish from his grandfather, who learned from his, on the same stretch of cold, grey water.",
    "The museum's newest exhibit — 240 photographs, most never shown publicly — opens on Saturday.",
    "At 93, {person} still swims every morning, rain or shine, in the lake behind her house.",
    "What began as a hobby in a garage in {place} is now a business with 40 employees and a waiting list.",
    "The recipe, scribbled on an index card decades ago, calls for \"a good handful\" of flour.",
    "Nobody in the village can agree on when the tradition started, only that it must never stop.",
    "The band's first album sold 312 copies; their fourth went platinum in 14 countries.",
]
LAST = ["Smith", "Garcia", "Nguyen", "O'Brien", "Kowalski", "Okafor", "Schmidt", "Haddad", "Patel",
        "Johansson", "McAllister", "Fitzgerald", "Ramírez", "Yamamoto", "Ivanova", "D'Angelo"]
FIRST = ["Jane", "John", "Aisha", "Carlos", "Mei", "Oluwaseun", "Henrik", "Priya", "Tom", "Eleni",
         "Mohammed", "Sarah", "Dmitri", "Chloé", "Kenji", "Rosa"]
AGENCIES = ["Reuters", "AP", "AFP", "Bloomberg", "The Associated Press", "dpa", "UPI", "PA Media"]
CITIES_DL = ["WASHINGTON", "LONDON", "NEW YORK", "PARIS", "BEIJING", "TOKYO", "BERLIN", "MOSCOW",
             "NAIROBI", "SÃO PAULO", "MEXICO CITY", "SAN FRANCISCO", "BRUSSELS", "KYIV", "JERUSALEM",
             "NEW DELHI", "SYDNEY", "ST. PETERSBURG, Fla.", "AUSTIN, Texas", "DES MOINES, Iowa"]
MONTHS_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
               "Nov.", "Dec."]
HEADLINE_BITS = [
    "{org} Shares Surge After Earnings Beat", "{person} Wins Runoff in {place}",
    "Storm Leaves Thousands Without Power in {place}", "Fed Holds Rates Steady, Signals Cuts Later",
    "{team} Rally Past {team2} in Overtime Thriller", "Inside the Race to Build a Better Battery",
    "Why {place}'s Housing Crisis Keeps Getting Worse", "{athlete} Out for Season With Knee Injury",
    "Senate Passes {bill}", "{org} to Cut {n},000 Jobs in Restructuring",
    "Oil Prices Slide as OPEC+ Weighs Output Hike", "Q&A: What the New Rules Mean for You",
    "The 10 Best Books of the Year", "{person}: 'We Will Not Back Down'",
    "How a Small Town in {place} Became a Tech Hub", "Live Updates: Election Night 2024",
]

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


class Filler:
    """Fills `{slot}` placeholders from the vocabulary with one RNG."""

    def __init__(self, rng):
        self.rng = rng

    def fill(self, s, depth=0):
        r = self.rng
        slots = {
            "person": lambda: r.choice(PEOPLE), "person2": lambda: r.choice(PEOPLE),
            "org": lambda: r.choice(ORGS), "org2": lambda: r.choice(ORGS),
            "place": lambda: r.choice(PLACES), "date": lambda: r.choice(DATES),
            "money": lambda: r.choice(MONEY), "money2": lambda: r.choice(MONEY),
            "pct": lambda: r.choice(PCT), "verb": lambda: r.choice(VERBS),
            "team": lambda: r.choice(TEAMS), "team2": lambda: r.choice(TEAMS),
            "athlete": lambda: r.choice(ATHLETES), "bill": lambda: r.choice(BILLS),
            "last": lambda: r.choice(LAST), "last2": lambda: r.choice(LAST),
            "first": lambda: r.choice(FIRST), "n": lambda: str(r.randint(1, 19)),
            "topic": lambda: self.fill(r.choice(TOPICS), depth + 1) if depth < 2 else "talks continued",
        }
        out = []
        i = 0
        while i < len(s):
            j = s.find("{", i)
            if j < 0:
                out.append(s[i:])
                break
            k = s.find("}", j)
            name = s[j + 1:k]
            out.append(s[i:j])
            out.append(slots[name]() if name in slots else s[j:k + 1])
            i = k + 1
        return "".join(out)


def capitalize(s):
    return s[:1].upper() + s[1:] if s else s


def curlify(rng, s):
    """Turn straight quotes/apostrophes into typographic ones (sometimes partially)."""
    mode = rng.random()
    if mode < 0.5:
        return s
    out = []
    dq_open = True
    for i, c in enumerate(s):
        if c == '"':
            out.append("“" if dq_open else "”")
            dq_open = not dq_open
        elif c == "'" and mode < 0.85:
            prev = s[i - 1] if i else " "
            out.append("’" if prev.isalnum() else "‘")
        else:
            out.append(c)
    return "".join(out)


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------

WIRE_TEMPLATES = [
    "{person} {verb} {date} that {topic}.",
    "{org} {verb} that {topic}, according to a statement released in {place}.",
    "In {place}, {person} {verb} that {topic}.",
    "\"We're confident that {topic},\" {person} {verb} {date}.",
    "{org}, which is based in {place}, {verb} {date} that {topic}.",
    "Shares of {org} rose {pct} to close at {money} {date}, while {org2} fell.",
    "The ({org}) report, published {date}, estimated losses of {money}.",
    "{person}, 54, {verb} {date} that {topic}; analysts in {place} didn't agree.",
    "According to {org}, {topic} -- a claim {person} disputed.",
    "{person} met {person2} in {place} {date} to discuss a {money} aid package.",
    "\"It's not over,\" {person} {verb}. \"Not by a long shot.\"",
    "{org} didn't respond to a request for comment; {org2} said {topic}.",
    "Officials said {topic}, but gave no further details.",
    "{person} {verb} that {topic} and that {org} would \"take all necessary steps.\"",
    "Asked whether {topic}, {person} said: \"I can't say.\"",
]


def wire_sentences(n, seed):
    rng = random.Random(seed)
    f = Filler(rng)
    return [curlify(rng, capitalize(f.fill(rng.choice(WIRE_TEMPLATES)))) for _ in range(n)]


def register_paragraphs(n, seed, pool, k=(2, 5)):
    rng = random.Random(seed)
    f = Filler(rng)
    out = []
    for _ in range(n):
        sents = [capitalize(f.fill(rng.choice(pool))) for _ in range(rng.randint(*k))]
        out.append(curlify(rng, " ".join(sents)))
    return out


def headlines(n, seed):
    rng = random.Random(seed)
    f = Filler(rng)
    out = []
    for i in range(n):
        h = f.fill(rng.choice(HEADLINE_BITS))
        style = i % 6
        if style == 1:
            h = h.upper()
        elif style == 2:
            h = rng.choice(["BREAKING: ", "EXCLUSIVE: ", "WATCH: ", "UPDATE 2-", "Analysis | ",
                            "Opinion: ", "LIVE: "]) + h
        elif style == 3:
            h = h + rng.choice([" | Reuters", " - The New York Times", " — BBC News", " (Video)",
                                " [UPDATED]", "…"])
        elif style == 4:
            h = h.lower()
        out.append(h)
    return out


def bylines_datelines(n, seed):
    rng = random.Random(seed)
    f = Filler(rng)
    out = []
    for i in range(n):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        name2 = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        kind = i % 8
        if kind == 0:
            out.append(f"By {name} and {name2}, {rng.choice(AGENCIES)}")
        elif kind == 1:
            out.append(f"By {name.upper()} | {rng.choice(AGENCIES)}")
        elif kind == 2:
            out.append(f"{name}, Staff Writer\nUpdated {rng.choice(MONTHS_ABBR)} {rng.randint(1, 28)}, 2024, "
                       f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(['a.m.', 'p.m.'])} ET")
        elif kind == 3:
            out.append(f"{rng.choice(CITIES_DL)} ({rng.choice(AGENCIES)}) - "
                       + capitalize(f.fill(rng.choice(WIRE_TEMPLATES))))
        elif kind == 4:
            out.append(f"{rng.choice(CITIES_DL)}, {rng.choice(MONTHS_ABBR)} {rng.randint(1, 28)} "
                       f"({rng.choice(AGENCIES)}) — " + capitalize(f.fill(rng.choice(WIRE_TEMPLATES))))
        elif kind == 5:
            out.append(f"{rng.choice(CITIES_DL)} — " + capitalize(f.fill(rng.choice(POLITICS + BUSINESS))))
        elif kind == 6:
            out.append(f"Reporting by {name}; Additional reporting by {name2} in {rng.choice(PLACES)}; "
                       f"Editing by {rng.choice(FIRST)} {rng.choice(LAST)}")
        else:
            out.append(f"— {name} contributed reporting from {rng.choice(PLACES)}. "
                       f"Contact: {name.split()[0].lower()}.{name.split()[1].lower().replace(chr(39), '')}@example.com")
    return out


def lists_bullets(n, seed):
    rng = random.Random(seed)
    f = Filler(rng)
    markers = ["• ", "- ", "* ", "– ", "· ", "▪ ", "> ", "○ ", "✓ ", "→ "]
    out = []
    for i in range(n):
        items = [capitalize(f.fill(rng.choice(TOPICS))) for _ in range(rng.randint(2, 6))]
        kind = i % 5
        if kind == 0:
            m = rng.choice(markers)
            body = "\n".join(m + it for it in items)
        elif kind == 1:
            body = "\n".join(f"{j + 1}. {it}." for j, it in enumerate(items))
        elif kind == 2:
            body = "\n".join(f"({chr(97 + j)}) {it};" for j, it in enumerate(items))
        elif kind == 3:
            body = "\n".join(f"{j + 1}) {it}" for j, it in enumerate(items))
        else:
            body = " ".join(f"{rng.choice(markers).strip()} {it}" for it in items)
        intro = rng.choice(["Key points:\n", "What we know so far:\n\n", "HIGHLIGHTS\n", "", "Takeaways:\r\n",
                            "The main findings were as follows:\n"])
        if kind == 4:
            intro = intro.replace("\n", " ")
        text = intro + body
        if intro.endswith("\r\n"):
            text = text.replace("\n", "\r\n").replace("\r\r\n", "\r\n")
        out.append(text)
    return out


SPECIAL_SNIPPETS = {
    "quotes": [
        "\"Yes,\" she said. \"No,\" he said.", "“Smart quotes” and ‘single ones’ too.",
        "He said: 'I'm not sure it's over.'", "It’s the company’s best year — “by far,” she said.",
        "„German quotes“ and «French guillemets» and ‹single›.", "The so-called \"experts\" weren't.",
        "'Tis the season; rock 'n' roll; the '90s; ’twas brillig.", "She said ‘“nested” quotes’ are hard.",
        "``LaTeX quotes'' and ''double apostrophes''.", "Dickens’s novel vs. Dickens' novel vs. James’ car.",
        "The students' union and the children’s ward.", "\"Quote at the end.\"", "'single'",
        "O'Neill and O’Reilly met d'Artagnan.", "Rock’n’roll isn't dead, y'all.",
    ],
    "urls": [
        "Read more at https://www.example.com/news/2024/01/05/story.html?ref=rss&utm_source=x#top.",
        "Visit http://example.org, www.bbc.co.uk/news or ftp://files.example.net/pub/data.csv today.",
        "The link (https://t.co/AbC123xYz) was shared 10,000 times.",
        "See https://en.wikipedia.org/wiki/Python_(programming_language) for details.",
        "Docs: http://localhost:8080/api/v1/users?id=42&sort=desc",
        "http://user:pass@example.com:8443/path/to/file.txt",
        "Go to example.com/foo-bar_baz or bit.ly/3xYz9.", "https://xn--bcher-kva.example/straße",
        "Try https://例え.テスト/パス and http://☃.net/.", "<https://example.com/in-angle-brackets>",
    ],
    "emails": [
        "Contact press@example.com or jane.doe+news@sub.example.co.uk for comment.",
        "Email: first.last@company.org; tips@newsroom.example.", "user_name-99@example-domain.io wrote back.",
        "Send it to ADMIN@EXAMPLE.COM, not admin@example.com.",
    ],
    "social": [
        "Follow @Reuters and @AP_Politics for updates. #Election2024 #breaking",
        "@elonmusk replied: \"lol\" 😂 #Tesla $TSLA", "RT @user: This is huge!!! #MeToo #BlackLivesMatter",
        "#throwbackthursday to 2019 🙌 @jane_doe_99", "Use the hashtag #COVID19 or #covid-19.",
        "😂😂😂 cant believe this happened lmao #fail", "via @nytimes: https://nyti.ms/3abc",
    ],
    "numbers": [
        "The population rose from 1,234,567 to 2,345,678.9 in 10 years.", "Pi is 3.14159; e is 2.71828.",
        "Mix 1/2 cup sugar with ½ tsp salt and ¾ cup milk.", "The meeting is at 10:30 a.m. on 24/7 support.",
        "Call +1 (555) 123-4567 or 0800-123-456.", "Dates: 2020-01-05, 05/01/2020, 5.1.2020, 1/5/20.",
        "In the 1990s and the '80s, 4th place and 21st century.", "No. 10 Downing St. and the #1 spot.",
        "It cost £5.50, ¥1,000, ₹500, €3bn, $5-$10 and 50¢.", "Temperatures of -3.5°C, 98.6°F and 300K.",
        "Run 5km, lift 10 kg, drive 60mph, 3x faster, x86, v2.0.1, 4G, 5G.", "Scores: 3-1, 104-98, 6-4.",
        "Between 2019–2020 and pages 10–12, ages 18-24.", "1st, 2nd, 3rd, 4th, 11th, 22nd, 101st.",
        "0.5% of 1e6 is 5e3; 1.5e-10 is tiny.", "Room 4B, Flight BA249, Route 66, I-95, A380.",
        "100,000+ users, 50%+ growth, <5 ms, >=3, ~20.", "It's 7.30pm, 19:45, 7pm, 11 o'clock.",
    ],
    "abbreviations": [
        "The U.S. and the U.K. met at the U.N. in Jan. with Dr. Smith and Mrs. Jones.",
        "Prof. Lee, Ph.D., and Gen. Ross (ret.) spoke at St. Mary's on Main St. at 9 a.m.",
        "E.g. apples, i.e. fruit, etc. vs. vegetables.", "Acme Inc., Foo Corp., Bar Ltd. and Baz Co.",
        "Sept. 11, Feb. 29, Aug. 1, Nov. 5, Dec. 25, Oct. 31.", "Mt. Everest, Ft. Knox, Sen. Kim, Rep. Diaz.",
        "The U.S.A. vs. the U.S.S.R. in the 1980 Olympics.", "Washington, D.C., is 225 mi. from N.Y.C.",
        "Lt. Gov. Jr. Sr. Esq. Messrs. Mme. Mlle.", "a.k.a. R.S.V.P. A.S.A.P. p.s. P.S.",
    ],
    "allcaps": [
        "BREAKING NEWS: PRESIDENT SIGNS BILL INTO LAW", "THE U.S. SENATE VOTED 51-49 ON TUESDAY.",
        "WARNING: DO NOT OPERATE HEAVY MACHINERY", "NASA, FBI, CIA AND NSA OFFICIALS MET IN D.C.",
        "I CAN'T BELIEVE IT'S NOT BUTTER!!!", "FOR IMMEDIATE RELEASE\n\nACME CORP. ANNOUNCES Q3 RESULTS",
    ],
    "hyphens": [
        "A well-known, long-term, state-of-the-art, 30-year-old mother-in-law.",
        "The U.S.-China trade war and the anti-inflation co-operation re-elect e-mail.",
        "It was inter-\nnational news; a so-called \"non-fungible\" token.", "Self-driving cars—finally—arrive.",
        "Pre- and post-war; first- and second-round picks.", "The 9-to-5 grind; up-to-date; A-list; T-shirt.",
        "---", "Wait -- what? -- no.", "em—dash—chains and en–dash–chains.", "x-ray X-Men e-commerce.",
    ],
    "nonlatin": [
        "北京时间周一，中国外交部发言人表示，双方将继续保持沟通。",
        "東京証券取引所で日経平均株価が3万円を超えた。", "서울에서 열린 회의에서 대통령은 경제 정책을 발표했다.",
        "قال الرئيس في بيان يوم الاثنين إن المحادثات ستستمر.", "Президент России Владимир Путин заявил в понедельник.",
        "Міністр закордонних справ України прибув до Брюсселя.", "प्रधानमंत्री नरेंद्र मोदी ने सोमवार को कहा कि अर्थव्यवस्था मजबूत है।",
        "Ο πρωθυπουργός δήλωσε ότι η οικονομία αναπτύσσεται.", "ראש הממשלה אמר כי השיחות יימשכו.",
        "นายกรัฐมนตรีกล่าวว่าเศรษฐกิจกำลังฟื้นตัว", "Mr. Putin (Путин) met Mr. Xi (习近平) in Moscow.",
        "The word for peace is سلام in Arabic, мир in Russian and 和平 in Chinese.",
        "Tokyo (東京) and Seoul (서울) are 1,160 km apart.", "Narendra Modi (नरेन्द्र मोदी) spoke in Hindi.",
        "Ελλάδα, Україна, Ελληνικά and Москва all appear in the report.", "مرحبا! Hello! 你好！ Привет!",
        "Tiếng Việt có dấu: Hà Nội, Thành phố Hồ Chí Minh.", "Türkçe: İstanbul, Ankara, Çanakkale, ığüşöç.",
        "Ωμέγα 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝐁𝐨𝐥𝐝 𝑖𝑡𝑎𝑙𝑖𝑐 text.", "Amharic ሰላም, Georgian გამარჯობა, Armenian Բարեւ.",
    ],
    "emoji": [
        "Great game tonight! 🏀🔥 #NBA", "Family: 👨‍👩‍👧‍👦 and couple: 👩‍❤️‍👨 and 🏳️‍🌈 flag.",
        "Flags: 🇺🇸🇬🇧🇫🇷🇩🇪🇯🇵 — and 🏴󠁧󠁢󠁳󠁣󠁴󠁿 for Scotland.", "Thumbs up 👍🏽👍🏿👍 and ❤️ vs ❤ vs ♥.",
        "Keycaps: 1️⃣ 2️⃣ #️⃣ *️⃣ and ©️ ®️ ™️.", "She said 😀😃😄😁 then left.🙂", "Rocket🚀launch🚀today",
        "Weather: ☀️ 25°C, 🌧️ tomorrow, ⛈️ Friday.", "🧑🏻‍💻 coders and 👩🏾‍🔬 scientists unite.",
        ":) :-( ;) :D <3 ^_^ (╯°□°)╯︵ ┻━┻ ¯\\_(ツ)_/¯", "The ☺ emoticon and the ☹ one.",
    ],
    "whitespace": [
        "Tabs\tbetween\twords\tand\ttrailing\t", "Windows\r\nline\r\nendings\r\n",
        "Non\u00a0breaking\u00a0spaces and narrow\u202fno-break.", "Line\u2028separator and paragraph\u2029separator.",
        "Control\x1cchars\x1dare\x1ehere\x1fok.", "Multiple     spaces   between    words.",
        "  Leading and trailing spaces  ", "\n\nLeading newlines and trailing ones\n\n\n",
        "Zero\u200bwidth\u200bspace and soft\u00adhyphen.", "Ideographic\u3000space and em\u2003space.",
        "\ufeffBOM at the start.", "Vertical\x0btab and form\x0cfeed.", "Next\x85line char.",
        "Mixed \t \n \r\n \u00a0 whitespace \u2009 thin \u200a hair.", "a\rb\rc old Mac line endings",
        "Word\x00with NUL\x01and\x7fDEL.", "End with space ", " ", "\t", "\n", "\r\n", "\u00a0",
        "Sentence one.\n\n\n\nSentence two after blank lines.", "Paragraph.\n \nWith space-only line.",
    ],
}


def special_texts(seed):
    """Every snippet alone, embedded in a news sentence, and combined with others."""
    rng = random.Random(seed)
    f = Filler(rng)
    out = []
    for cat, snippets in SPECIAL_SNIPPETS.items():
        for s in snippets:
            out.append((cat, s))
        for s in snippets:
            lead = capitalize(f.fill(rng.choice(WIRE_TEMPLATES)))
            out.append((cat, f"{lead} {s}" if rng.random() < 0.5 else f"{s} {lead}"))
    cats = list(SPECIAL_SNIPPETS)
    for _ in range(120):
        a, b = rng.sample(cats, 2)
        sa, sb = rng.choice(SPECIAL_SNIPPETS[a]), rng.choice(SPECIAL_SNIPPETS[b])
        sep = rng.choice([" ", "\n", "  ", "\n\n", "\t", " — "])
        out.append(("mixed", sa + sep + capitalize(f.fill(rng.choice(WIRE_TEMPLATES))) + sep + sb))
    return out


def long_tokens():
    return [
        ("long_token", "a" * 500), ("long_token", "Supercalifragilistic" * 20 + " is a long word."),
        ("long_token", "ha" * 300 + "!"), ("long_token", "1234567890" * 60),
        ("long_token", "https://example.com/" + "/".join(f"segment{i}" for i in range(150)) + "?q=" + "x" * 200),
        ("long_token", "-".join(["state", "of", "the", "art"] * 60)), ("long_token", "." * 300),
        ("long_token", "!" * 200 + "?" * 200), ("long_token", "x" * 2000 + " y"),
        ("long_token", "The password was " + "Aa1!" * 100 + " and it was rejected."),
        ("long_token", "(" * 100 + "nested" + ")" * 100), ("long_token", "'" * 150 + "quoted" + "'" * 150),
        ("long_token", "😀" * 200), ("long_token", "中" * 400), ("long_token", "a." * 250),
        ("long_token", "A-" * 300 + "Z"), ("long_token", "word," * 200), ("long_token", "$" * 100 + "1"),
    ]


def empties():
    return [("empty", s) for s in ["", " ", "  ", "\t", "\n", "\n\n", "\r\n", " \n ", "\u00a0",
                                    "\u2028", "\u3000", "\x1c", "\t\t\t", " " * 50, "\n" * 10,
                                    " \t\r\n\u00a0\u2029 ", ".", "!", "a", "I", "\"", "'", "-", "…"]]


ARTICLE_PARA_POOLS = {
    "politics": POLITICS, "sports": SPORTS, "business": BUSINESS, "features": FEATURES,
    "wire": WIRE_TEMPLATES,
}
SUBHEADS = ["What happens next", "The background", "Market reaction", "‘A turning point’", "WHY IT MATTERS",
            "By the numbers", "Reaction", "What they said:", "Looking ahead", "The bigger picture"]


def long_articles(n, seed, min_words=1000):
    rng = random.Random(seed)
    f = Filler(rng)
    regs = list(ARTICLE_PARA_POOLS)
    out = []
    for a in range(n):
        reg = regs[a % len(regs)]
        pool = ARTICLE_PARA_POOLS[reg]
        parts = [f.fill(rng.choice(HEADLINE_BITS))]
        if rng.random() < 0.8:
            parts.append(f"By {rng.choice(FIRST)} {rng.choice(LAST)}, {rng.choice(AGENCIES)}")
        lead = capitalize(f.fill(rng.choice(pool)))
        parts.append(f"{rng.choice(CITIES_DL)} ({rng.choice(AGENCIES)}) — {lead}")
        words = sum(len(p.split()) for p in parts)
        pi = 0
        while words < min_words:
            pi += 1
            r = rng.random()
            if r < 0.08:
                para = rng.choice(SUBHEADS)
            elif r < 0.14:
                para = "\n".join("• " + capitalize(f.fill(rng.choice(TOPICS))) for _ in range(rng.randint(2, 4)))
            elif r < 0.22:
                para = f"“{capitalize(f.fill(rng.choice(TOPICS)))},” {f.fill('{person}')} {f.fill('{verb}')}. " \
                       f"“{capitalize(f.fill(rng.choice(TOPICS)))}.”"
            else:
                own = [capitalize(f.fill(rng.choice(pool))) for _ in range(rng.randint(2, 5))]
                mix = [capitalize(f.fill(rng.choice(ARTICLE_PARA_POOLS[rng.choice(regs)])))
                       for _ in range(rng.randint(0, 2))]
                sents = own + mix
                rng.shuffle(sents)
                para = curlify(rng, " ".join(sents))
            parts.append(para)
            words += len(para.split())
        sep = "\n\n" if a % 4 else "\n"
        text = sep.join(parts)
        if a % 7 == 3:
            text = text.replace("\n", "\r\n")
        if a % 5 == 2:
            text += "\n\n© 2024 " + rng.choice(AGENCIES) + ". All rights reserved."
        out.append((f"article_{reg}", text))
    return out


# ---------------------------------------------------------------------------
# spaCy test strings (torture subset)
# ---------------------------------------------------------------------------


def spacy_test_strings():
    """String literals from spaCy's tokenizer/English tests, sun.txt, and a few other languages."""
    try:
        import spacy  # noqa: F401  (only to locate the package)
    except ImportError:
        sys.exit("spaCy not importable: run with /work/venv/bin/python or pass --no-spacy-tests")
    import spacy as _sp

    base = os.path.join(os.path.dirname(_sp.__file__), "tests")
    files = sorted(glob.glob(os.path.join(base, "tokenizer", "*.py")))
    files += sorted(glob.glob(os.path.join(base, "lang", "en", "*.py")))
    files += [os.path.join(base, "lang", "test_attrs.py")]
    other = []
    for lang in ["ar", "ru", "zh", "hi", "uk", "ja", "ko", "fa", "he", "th", "el", "bn", "ta", "ur"]:
        other += sorted(glob.glob(os.path.join(base, "lang", lang, "test_text.py")))
        other += sorted(glob.glob(os.path.join(base, "lang", lang, "test_tokenizer.py")))
    out = []
    seen = set()

    def add(cat, s):
        if s in seen or len(s) > 20000:
            return
        try:
            s.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates cannot be a Rust &str
            return
        seen.add(s)
        out.append((cat, s))

    for path in files + other:
        cat = "spacy_tests_en" if path in files else "spacy_tests_other"
        tree = ast.parse(open(path, encoding="utf8").read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                s = node.value
                if cat == "spacy_tests_other" and len(s) < 8:
                    continue
                add(cat, s)
    sun = os.path.join(base, "tokenizer", "sun.txt")
    if os.path.exists(sun):
        add("spacy_tests_en", open(sun, encoding="utf8").read())
    # A few hand-made torture strings.
    for s in [
        "Hello, world!  Don't   panic...\n\nIt's 5:30pm (EST) -- right?",
        "U.S.A. U.S.A.! \"U.S.A.\" (U.S.A.) U.S.A.'s",
        "can't won't shouldn't've y'all'd've ain't gonna wanna gotta",
        "C++ C# .NET F# node.js Vue.js e.g.: (i.e.)",
        "((((()))))[[[[]]]]{{{{}}}}<<<<>>>>",
        "Mr.Smith went to Washington.He arrived at 5p.m.and left.",
        "'''\"\"\"'''\"\"\"", "a-b-c-d-e-f-g...h,i;j:k!l?m", ":-) :-( :-P ;-) <3 </3 :'( D:",
        "I'm :) happy :( sad :D", "10km/h 5.0mm 3kg/m² 1,000m 2x4 24x7", "$100.00.",
    ]:
        add("torture", s)
    return out


# ---------------------------------------------------------------------------


def build(include_spacy_tests=True):
    items = []
    items += [("wire", t) for t in wire_sentences(900, seed=1)]
    items += [("politics", t) for t in register_paragraphs(150, 2, POLITICS)]
    items += [("sports", t) for t in register_paragraphs(150, 3, SPORTS)]
    items += [("business", t) for t in register_paragraphs(150, 4, BUSINESS)]
    items += [("features", t) for t in register_paragraphs(120, 5, FEATURES, k=(1, 4))]
    items += [("headline", t) for t in headlines(150, 6)]
    items += [("byline_dateline", t) for t in bylines_datelines(120, 7)]
    items += [("list", t) for t in lists_bullets(80, 8)]
    items += special_texts(9)
    items += long_tokens()
    items += empties()
    items += long_articles(25, 10)
    if include_spacy_tests:
        items += spacy_test_strings()
    # de-duplicate, keep first occurrence (order is deterministic)
    seen = set()
    out = []
    for cat, text in items:
        if text in seen:
            continue
        seen.add(text)
        out.append((cat, text))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--out-dir", default=os.path.join(root, "tests", "corpus"))
    ap.add_argument("--no-spacy-tests", action="store_true")
    args = ap.parse_args()
    items = build(not args.no_spacy_tests)
    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.out_dir, "corpus.jsonl"), "w", encoding="utf8", newline="\n") as fh:
        for _, text in items:
            fh.write(json.dumps(text, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out_dir, "categories.txt"), "w", encoding="utf8", newline="\n") as fh:
        for cat, _ in items:
            fh.write(cat + "\n")
    counts = {}
    for cat, text in items:
        c = counts.setdefault(cat.split("_")[0] if cat.startswith("article") else cat, [0, 0])
        c[0] += 1
        c[1] += len(text.split())
    long_n = sum(1 for c, t in items if c.startswith("article") and len(t.split()) >= 1000)
    print(f"wrote {len(items)} texts, {sum(v[1] for v in counts.values())} whitespace words, "
          f"{long_n} articles of 1,000+ words", file=sys.stderr)
    for cat, (n, w) in sorted(counts.items()):
        print(f"  {cat:18} {n:5} texts {w:7} words", file=sys.stderr)


if __name__ == "__main__":
    main()
