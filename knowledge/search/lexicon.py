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

# Spanish stop words, folded (accents stripped, as questions are): Snowball's Spanish
# list (articles, pronouns, prepositions, the forms of ser, estar, haber and tener) less
# the forms that are also names ("Estados Unidos"), and the Spanish of what STOPWORDS
# holds for questions (question words, "dijo", "cada año", "migrantes", "número"). Read
# only for questions analysed in Spanish (knowledge.search.spanish); "tiempo" and "hace"
# are not here: "¿qué tiempo hace?" asks something the knowledge does not hold.
SPANISH_STOPWORDS = frozenset(
    """
    a acerca actual actualmente al algo alguien algun alguna algunas alguno algunos
    alrededor ante antes anual anuales anualmente ano anos aproximadamente aqui asi aun
    cada cantidad como con contra cual cuales cualquier cuando cuanta cuantas cuanto
    cuantos cuentame de decir del desde dice dicen dicho diga digame dijeron dijo dime donde durante e el
    ella ellas ello ellos en entre era erais eramos eran eras eres es esa esas ese eso esos
    esta estaba estabamos estaban estabas estad estais estamos estan estando estar estara
    estaran estaras estare estaremos estaria estarian estas este esten estes esto estos
    estoy estuve estuvieron estuvo favor fue fuera fueron fui fuimos fuiste gente gracias
    ha habia habian habido haber habra hablame han has hasta hay haya hayan he hemos hola hubo
    informacion ir la las le les lo los mas me menos mi mia mio mis mucha muchas mucho muchos
    muy nada ni no nos nosotras nosotros nuestra nuestras nuestro nuestros numero numeros o
    os otra otras otro otros para pero persona personas poco por porcentaje porque puede
    pueden puedes que quien quienes quiero reciente recientes respecto sabe saber sabes se
    sea sean segun sera seran seria ser si sido siempre sin sobre sois somos son soy su sus
    suya suyas suyo suyos tal tambien tanto te tendra tenemos tenga tengo tenia tenian
    tenido tiene tienen ti toda todas todo todos total tu tus tuvo ultima ultimas ultimo
    ultimos un una unas uno unos usted ustedes va van vosotras vosotros y ya yo
    migracion migrante migrantes migratoria migratorias migratorio migratorios
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
