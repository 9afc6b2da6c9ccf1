//! Word lists for quote attribution: reporting verbs, cue phrases, role nouns, titles, pronouns
//! and first names that carry gender. All lists are sorted lowercase ASCII and looked up with an
//! allocation-free case-insensitive binary search.

use std::cmp::Ordering;

/// Reporting-verb forms that introduce direct or indirect speech (sorted, lowercase).
pub(crate) const SPEECH_VERBS: &[&str] = &[
    "acknowledge", "acknowledged", "acknowledges", "acknowledging", "add", "added", "adding",
    "adds", "admit", "admits", "admitted", "admitting", "advise", "advised", "advises", "advising",
    "affirm", "affirmed", "affirming", "affirms", "allege", "alleged", "alleges", "alleging",
    "announce", "announced", "announces", "announcing", "answer", "answered", "answering",
    "answers", "argue", "argued", "argues", "arguing", "ask", "asked", "asking", "asks", "assert",
    "asserted", "asserting", "asserts", "boast", "boasted", "boasting", "boasts", "caution",
    "cautioned", "cautioning", "cautions", "claim", "claimed", "claiming", "claims", "clarified",
    "clarifies", "clarify", "clarifying", "comment", "commented", "commenting", "comments",
    "complain", "complained", "complaining", "complains", "concede", "conceded", "concedes",
    "conceding", "conclude", "concluded", "concludes", "concluding", "confirm", "confirmed",
    "confirming", "confirms", "contend", "contended", "contending", "contends", "counter",
    "countered", "countering", "counters", "cried", "cries", "cry", "crying", "declare",
    "declared", "declares", "declaring", "denied", "denies", "deny", "denying", "disclose",
    "disclosed", "discloses", "disclosing", "emphasise", "emphasised", "emphasises", "emphasising",
    "emphasize", "emphasized", "emphasizes", "emphasizing", "estimate", "estimated", "estimates",
    "estimating", "exclaim", "exclaimed", "exclaiming", "exclaims", "explain", "explained",
    "explaining", "explains", "forecast", "forecasted", "forecasting", "forecasts", "grumble",
    "grumbled", "grumbles", "grumbling", "hint", "hinted", "hinting", "hints", "indicate",
    "indicated", "indicates", "indicating", "inform", "informed", "informing", "informs", "insist",
    "insisted", "insisting", "insists", "joke", "joked", "jokes", "joking", "lament", "lamented",
    "lamenting", "laments", "maintain", "maintained", "maintaining", "maintains", "mention",
    "mentioned", "mentioning", "mentions", "murmur", "murmured", "murmuring", "murmurs", "muse",
    "mused", "muses", "musing", "mutter", "muttered", "muttering", "mutters", "note", "noted",
    "notes", "notified", "notifies", "notify", "notifying", "noting", "observe", "observed",
    "observes", "observing", "opine", "opined", "opines", "opining", "outline", "outlined",
    "outlines", "outlining", "plead", "pleaded", "pleading", "pleads", "pled", "pledge", "pledged",
    "pledges", "pledging", "post", "posted", "posting", "posts", "predict", "predicted",
    "predicting", "predicts", "proclaim", "proclaimed", "proclaiming", "proclaims", "promise",
    "promised", "promises", "promising", "propose", "proposed", "proposes", "proposing", "quip",
    "quipped", "quipping", "quips", "reason", "reasoned", "reasoning", "reasons", "rebut",
    "rebuts", "rebutted", "rebutting", "recall", "recalled", "recalling", "recalls", "recommend",
    "recommended", "recommending", "recommends", "recount", "recounted", "recounting", "recounts",
    "reiterate", "reiterated", "reiterates", "reiterating", "remark", "remarked", "remarking",
    "remarks", "repeat", "repeated", "repeating", "repeats", "replied", "replies", "reply",
    "replying", "report", "reported", "reporting", "reports", "respond", "responded", "responding",
    "responds", "retort", "retorted", "retorting", "retorts", "reveal", "revealed", "revealing",
    "reveals", "said", "say", "saying", "says", "scream", "screamed", "screaming", "screams",
    "shout", "shouted", "shouting", "shouts", "speculate", "speculated", "speculates",
    "speculating", "state", "stated", "states", "stating", "stress", "stressed", "stresses",
    "stressing", "suggest", "suggested", "suggesting", "suggests", "tell", "telling", "tells",
    "testified", "testifies", "testify", "testifying", "theorise", "theorised", "theorises",
    "theorising", "theorize", "theorized", "theorizes", "theorizing", "threaten", "threatened",
    "threatening", "threatens", "told", "tweet", "tweeted", "tweeting", "tweets", "urge", "urged",
    "urges", "urging", "vow", "vowed", "vowing", "vows", "warn", "warned", "warning", "warns",
    "whisper", "whispered", "whispering", "whispers", "write", "writes", "writing", "written",
    "wrote", "yell", "yelled", "yelling", "yells",
];

/// Verbs that quote a word or phrase as a label: `called the talks "good"` (sorted).
pub(crate) const LABEL_VERBS: &[&str] = &[
    "brand", "branded", "branding", "brands", "call", "called", "calling", "calls", "describe",
    "described", "describes", "describing", "dismiss", "dismissed", "dismisses", "dismissing", "dub", "dubbed", "dubbing", "dubs", "label", "labeled",
    "labeling", "labelled", "labelling", "labels", "term", "termed", "terming", "terms",
];

/// Role nouns that name a person: `the spokesman said`, `the senator said`.
pub(crate) const PERSON_ROLES: &[&str] = &[
    "actor", "actress", "admiral", "adviser", "advisor", "aide", "ambassador", "analyst", "artist",
    "attorney", "author", "banker", "bishop", "boss", "candidate", "captain", "ceo", "chair",
    "chairman", "chairwoman", "chancellor", "chef", "chief", "coach", "colonel", "commissioner",
    "congressman", "congresswoman", "defender", "detective", "diplomat", "director", "doctor",
    "driver", "economist", "editor", "envoy", "executive", "farmer", "forward", "founder",
    "general", "goalkeeper", "governor", "guard", "historian", "investor", "judge", "lawmaker",
    "lawyer", "leader", "manager", "mayor", "midfielder", "minister", "negotiator", "novelist",
    "officer", "official", "owner", "pastor", "pilot", "pitcher", "player", "poet", "premier",
    "president", "priest", "principal", "professor", "prosecutor", "publisher", "quarterback",
    "rep", "representative", "researcher", "resident", "scientist", "secretary", "sen", "senator",
    "sergeant", "singer", "speaker", "spokesman", "spokesperson", "spokeswoman", "strategist",
    "striker", "teacher", "trader", "volunteer", "witness", "worker", "writer",
];

/// Head nouns of organisation speakers: `the ministry said`, `the company said`.
pub(crate) const ORG_NOUNS: &[&str] = &[
    "administration", "agency", "airline", "army", "association", "authorities", "authority",
    "automaker", "bank", "board", "broadcaster", "cabinet", "campaign", "carrier", "channel",
    "chipmaker", "club", "commission", "committee", "company", "congress", "council", "court",
    "department", "embassy", "federation", "firm", "foundation", "fund", "government", "group",
    "hospital", "institute", "insurer", "kremlin", "label", "league", "lender", "maker",
    "manufacturer", "military", "ministry", "network", "newspaper", "office", "operator",
    "organisation", "organization", "palace", "parliament", "party", "police", "producer",
    "provider", "regulator", "retailer", "school", "senate", "studio", "team", "union",
    "university",
];

/// Titles and role words that precede or follow a name and are not part of it.
pub(crate) const TITLES: &[&str] = &[
    "acting", "ambassador", "analyst", "archbishop", "attorney", "bishop", "boss", "brother",
    "capt", "captain", "cardinal", "ceo", "cfo", "chair", "chairman", "chairwoman", "chancellor",
    "chief", "coach", "col", "commissioner", "coo", "cto", "dame", "dean", "defence", "defender",
    "defense", "deputy", "director", "dr", "economist", "executive", "father", "finance",
    "foreign", "former", "forward", "founder", "gen", "general", "goalkeeper", "gov", "governor",
    "guard", "head", "imam", "interim", "interior", "judge", "junior", "justice", "king", "lady",
    "leader", "lord", "lt", "manager", "mayor", "midfielder", "minister", "miss", "mr", "mrs",
    "ms", "officer", "opposition", "owner", "pastor", "pitcher", "pope", "premier", "pres",
    "president", "press", "prime", "prince", "princess", "prof", "professor", "quarterback",
    "queen", "rabbi", "rep", "representative", "rev", "secretary", "sen", "senator", "senior",
    "sgt", "sheikh", "sir", "sister", "speaker", "spokesman", "spokesperson", "spokeswoman",
    "star", "state", "strategist", "striker", "tennis", "vice",
];

/// Words that mark a person as female when they precede or describe the name.
pub(crate) const FEMALE_WORDS: &[&str] = &[
    "actress", "aunt", "businesswoman", "chairwoman", "congresswoman", "countess", "dame",
    "daughter", "duchess", "girl", "grandmother", "lady", "madam", "miss", "mother", "mrs", "ms",
    "niece", "policewoman", "princess", "queen", "sister", "spokeswoman", "stateswoman", "widow",
    "wife", "woman",
];

/// Words that mark a person as male when they precede or describe the name.
pub(crate) const MALE_WORDS: &[&str] = &[
    "actor", "boy", "brother", "businessman", "chairman", "congressman", "count", "duke", "father",
    "grandfather", "husband", "king", "lord", "man", "mr", "nephew", "policeman", "prince", "sir",
    "son", "spokesman", "statesman", "uncle", "widower",
];

/// Common female first names (news usage; ambiguous names left out).
pub(crate) const FEMALE_NAMES: &[&str] = &[
    "abigail", "adaeze", "aisha", "alejandra", "alexis", "alice", "amanda", "amber", "amy", "ana",
    "anastasia", "andrea", "angela", "ann", "anna", "anne", "annie", "ashley", "astrid", "barbara",
    "betty", "beverly", "brenda", "brittany", "carmen", "carol", "carolyn", "catherine",
    "charlotte", "cheryl", "chioma", "christina", "christine", "claudia", "cynthia", "danielle",
    "deborah", "debra", "denise", "diana", "diane", "donna", "doris", "dorothy", "ekaterina",
    "elena", "elizabeth", "emily", "emma", "evelyn", "fatima", "frances", "gabriela", "giorgia",
    "gloria", "grace", "greta", "hana", "hannah", "heather", "heidi", "helen", "hillary", "ingrid",
    "irina", "isabel", "isabella", "jacinda", "jacqueline", "janet", "janice", "jennifer",
    "jessica", "joan", "joyce", "judith", "judy", "julia", "julie", "kamala", "karen", "karine",
    "katherine", "kathleen", "kathryn", "katja", "kayla", "kemi", "kimberly", "laura", "lauren",
    "leila", "linda", "lisa", "liz", "lucia", "madison", "margaret", "margrethe", "maria", "marie",
    "marilyn", "marine", "martha", "mary", "megan", "mei", "melissa", "mette", "michelle", "nancy",
    "naomi", "natalia", "natalie", "ngozi", "nicola", "nicole", "olga", "olivia", "pamela",
    "patricia", "paula", "petra", "priya", "rachel", "rebecca", "rosa", "rose", "ruth", "samantha",
    "sandra", "sanna", "sara", "sarah", "serena", "sharon", "shirley", "sigrid", "simone", "sofia",
    "sophia", "stephanie", "susan", "svetlana", "tatiana", "teresa", "theresa", "ursula",
    "valentina", "venus", "victoria", "virginia", "yuki", "yulia",
];

/// Common male first names (news usage; ambiguous names left out).
pub(crate) const MALE_NAMES: &[&str] = &[
    "aaron", "abdul", "adam", "ahmed", "alan", "albert", "alexander", "alexei", "andrew", "ange",
    "anthony", "arthur", "austin", "barack", "ben", "benjamin", "bill", "billy", "bob", "bobby",
    "boris", "brandon", "brian", "bruce", "bryan", "carl", "carlos", "charles", "christopher",
    "chuck", "dan", "daniel", "darvin", "dave", "david", "dennis", "diego", "dieter", "dmitri",
    "donald", "douglas", "dylan", "edward", "elijah", "elon", "emmanuel", "eric", "ethan",
    "eugene", "francesco", "francois", "frank", "gabriel", "gary", "george", "gerald", "giovanni",
    "gregory", "hans", "harold", "hassan", "henry", "hiroshi", "ibrahim", "ivan", "jack", "jacob",
    "jacques", "james", "jason", "jeff", "jeffrey", "jensen", "jeremy", "jerry", "jesse", "jim",
    "joe", "john", "jonathan", "jorge", "jose", "joseph", "joshua", "juan", "jurgen", "justin",
    "keir", "keith", "kenji", "kenneth", "kevin", "khalid", "klaus", "kyle", "larry", "lawrence",
    "lebron", "lewis", "li", "logan", "lorenzo", "louis", "luca", "luis", "marco", "mark",
    "markus", "mason", "matteo", "matthew", "max", "michael", "miguel", "mike", "mikel",
    "mohammed", "muhammad", "narendra", "nathan", "nicholas", "noah", "novak", "olaf", "omar",
    "patrick", "paul", "pedro", "pep", "peter", "philip", "pierre", "rafael", "ralph", "randy",
    "raymond", "recep", "richard", "rishi", "robert", "roger", "ronald", "roy", "russell", "ryan",
    "sam", "samuel", "satya", "scott", "sean", "sergei", "stefan", "stephen", "steven", "sundar",
    "takeshi", "thomas", "tiger", "tim", "timothy", "tom", "tyler", "vincent", "vladimir",
    "volodymyr", "walter", "wang", "warren", "wayne", "william", "willie", "wolfgang", "xi",
    "yusuf", "zachary",
];

/// Case-insensitive (ASCII) comparison of a lowercase list word against text.
fn cmp_ci(word: &str, text: &str) -> Ordering {
    let (a, b) = (word.as_bytes(), text.as_bytes());
    for (x, y) in a.iter().zip(b.iter()) {
        match x.cmp(&y.to_ascii_lowercase()) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    a.len().cmp(&b.len())
}

/// Whether `text` (any case) is in the sorted lowercase `list`.
pub(crate) fn contains(list: &[&str], text: &str) -> bool {
    list.binary_search_by(|w| cmp_ci(w, text)).is_ok()
}

/// A reporting verb form (`said`, `tells`, `warned`).
pub(crate) fn is_speech_verb(text: &str) -> bool {
    contains(SPEECH_VERBS, text)
}

/// A verb that quotes a label (`called`, `described`).
pub(crate) fn is_label_verb(text: &str) -> bool {
    contains(LABEL_VERBS, text)
}

/// Grammatical gender of a person, as far as the text tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Female,
    Male,
    Unknown,
}

/// Gender from a first name or a gendered word (`Ms.`, `spokeswoman`).
pub(crate) fn gender_of_word(text: &str) -> Gender {
    let t = text.trim_end_matches('.');
    if contains(FEMALE_NAMES, t) || contains(FEMALE_WORDS, t) {
        Gender::Female
    } else if contains(MALE_NAMES, t) || contains(MALE_WORDS, t) {
        Gender::Male
    } else {
        Gender::Unknown
    }
}

/// A title or role word that is not part of a name (`Sen.`, `Chief`, `manager`).
pub(crate) fn is_title(text: &str) -> bool {
    contains(TITLES, text.trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(list: &[&str]) -> bool {
        list.windows(2).all(|w| w[0] < w[1])
    }

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for l in [
            SPEECH_VERBS,
            LABEL_VERBS,
            PERSON_ROLES,
            ORG_NOUNS,
            TITLES,
            FEMALE_WORDS,
            MALE_WORDS,
            FEMALE_NAMES,
            MALE_NAMES,
        ] {
            assert!(sorted(l));
        }
    }

    #[test]
    fn lookups_ignore_case() {
        assert!(is_speech_verb("Said"));
        assert!(is_speech_verb("told"));
        assert!(!is_speech_verb("sai"));
        assert!(is_label_verb("CALLED"));
        assert!(is_title("Sen."));
        assert_eq!(gender_of_word("Ms."), Gender::Female);
        assert_eq!(gender_of_word("Klaus"), Gender::Male);
        assert_eq!(gender_of_word("Terry"), Gender::Unknown);
    }
}
