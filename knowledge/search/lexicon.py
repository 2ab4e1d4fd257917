"""Word lists the parser needs that are language, not knowledge.

Knowledge-specific words (topics, Spanish synonyms of them) live in vocabulary.yaml
where curators can edit them; these lists only tell grammar from content.
"""

from __future__ import annotations

from knowledge.answer import Intent

STOPWORDS = frozenset(
    """
    a about according al all also am an and annual annually answer any are at be became
    become becomes been being between big bot but by can come comes como con could cual
    cuales cuando currently del desde did distance do does doing donde done during each
    entre es esa ese eso esta estan estar este estimate estimated esto every far find for
    from fue fueron get gets give go goes going got had happen happened happens has hasta
    have having hay he hello her here hey hi high him his how hows i if in info information
    into iom_bot is it it's its just know large latest le least les less let lets like lo
    long look looking many mas may me mean meaning means mention mi might migrant migrants
    migration migratory mis more most much must muy my need no nor not now number numbers o
    of often ok okay on one ones or our over para people per percent percentage pero person
    persons please por proportion que question questions quien quienes really recent
    recently s said say says se ser shall share she should show si sin so sobre some son
    stand stands still su sus t tell than thank thanks that the their them then there
    there's these they this those through time times to today total tu tus un una unas under
    undocumented unos us very want was we were what whats when where which who whom whos
    whose why will with would y ya year yearly years yes yet you your
    """.split()
)

# Words that may appear in an answerable question but say nothing about what is asked;
# "migrants" alone must not make "how many migrants live in Germany" look answerable.
GENERIC_WORDS = frozenset(
    """
    each iom mexican mexico migrant migrants migration migratory oim people persons year
    """.split()
)

COMMAND_WORDS = frozenset(
    """
    about contact contacts define email explain fact facts figures help how list many news
    phone press release releases statistics stats telephone tell what who
    """.split()
)

# Places outside the knowledge base that people ask about; a question naming one is not
# answered from Mexico's figures. Folded forms, English and Spanish.
FOREIGN_PLACES = frozenset(
    """
    afganistan afghanistan africa alemania argentina asia australia austria bangladesh
    belgium belize bolivia brasil brazil britain canada chile china colombia corea costa
    cuba dominican ecuador egipto egypt england espana ethiopia europa europe filipinas
    france francia germany grecia greece haiti holanda hungary india indonesia inglaterra
    iran iraq ireland israel italia italy jamaica japan japon jordan kenya korea lebanon
    libano libia libya marruecos morocco myanmar netherlands nicaragua nigeria norway
    pakistan palestine panama paraguay peru philippines poland polonia portugal rica romania
    rusia russia serbia siria somalia spain sudan suecia suiza sweden switzerland syria
    thailand turkey turquia ucrania uk ukraine uruguay venezuela vietnam yemen
    """.split()
)

INTENT_PREFIXES: list[tuple[tuple[str, ...], Intent]] = [
    (("help",), "help"),
    (("usage",), "help"),
    (("commands",), "help"),
    (("press", "contacts"), "contact"),
    (("press", "contact"), "contact"),
    (("contacts",), "contact"),
    (("contact",), "contact"),
    (("email",), "contact"),
    (("phone",), "contact"),
    (("who", "is"), "who"),
    (("who", "are"), "who"),
    (("who", "was"), "who"),
    (("whos",), "who"),
    (("who",), "who"),
    (("what", "does"), "what"),
    (("what", "is"), "what"),
    (("what", "are"), "what"),
    (("what", "was"), "what"),
    (("whats",), "what"),
    (("tell", "me", "about"), "what"),
    (("explain",), "what"),
    (("define",), "what"),
    (("facts",), "facts"),
    (("fact",), "facts"),
    (("figures",), "facts"),
    (("stats",), "facts"),
    (("statistics",), "facts"),
    (("how", "many"), "facts"),
    (("releases",), "releases"),
    (("release",), "releases"),
    (("news",), "releases"),
    (("list", "releases"), "releases"),
]

QUESTION_FACT_MARKERS: list[tuple[str, ...]] = [
    ("how", "many"),
    ("how", "far"),
    ("how", "long"),
    ("what", "percentage"),
    ("what", "share"),
    ("what", "proportion"),
]
