# German text uses the en dash as its dash ("Gedankenstrich").
"""The demo consultation: a draft of participation guidelines and the discussion on it.

Written for the Stadtdialog demo; Musterstadt, its districts, offices and people are
invented. ``guidelines.demo`` turns this into rows.
"""

from __future__ import annotations

from typing import NamedTuple

SLUG = "leitlinien-buergerbeteiligung"
TITLE = "Leitlinien für Bürgerbeteiligung der Stadt Musterstadt"
SUMMARY = (
    "Wie Stadtrat, Verwaltung und Einwohnerschaft in Musterstadt künftig gemeinsam planen: "
    "Die Leitlinien legen fest, wann und wie beteiligt wird, wer eine Beteiligung anregen "
    "kann und was mit den Ergebnissen geschieht."
)
VERSION_LABEL = "Entwurf März 2026"
INTRODUCTION = """\
Diesen Entwurf hat eine Arbeitsgruppe aus ausgelosten Einwohnerinnen und Einwohnern, \
Mitgliedern des Stadtrats und Beschäftigten der Verwaltung erarbeitet. Bevor der Stadtrat \
entscheidet, möchten wir wissen, was Sie davon halten.

- Kommentieren Sie einzelne Absätze oder antworten Sie auf andere Kommentare.
- Stimmen Sie Kommentaren zu, die Sie unterstützen.
- Nach dem Ende der Frist erhält jeder Kommentar eine Rückmeldung der Arbeitsgruppe.
"""


class Chapter(NamedTuple):
    """A section of the draft; its paragraphs get the keys ``<key>-1``, ``<key>-2``, …"""

    key: str
    title: str
    paragraphs: tuple[str, ...]


CHAPTERS: tuple[Chapter, ...] = (
    Chapter(
        "praeambel",
        "1. Präambel",
        (
            "Musterstadt lebt vom Engagement ihrer Einwohnerinnen und Einwohner. Ob im "
            "Sportverein, in der Nachbarschaftshilfe, im Elternbeirat oder in einer "
            "Bürgerinitiative: Viele Menschen bringen ihr Wissen und ihre Zeit ein, um die Stadt "
            "lebenswerter zu machen. Diese Leitlinien greifen dieses Engagement auf und geben ihm "
            "einen verlässlichen Rahmen.",
            "Gute Entscheidungen entstehen, wenn die Menschen, die von ihnen betroffen sind, "
            "frühzeitig mitreden können. Beteiligung ergänzt die repräsentative Demokratie; sie "
            "ersetzt sie nicht. Über die Vorhaben der Stadt entscheiden weiterhin der gewählte "
            "Stadtrat und seine Ausschüsse. Ihre Entscheidungen werden aber besser begründet, "
            "breiter getragen und nachvollziehbarer, wenn vorher zugehört wurde.",
            "Die Leitlinien hat zwischen Juni 2025 und Februar 2026 eine Arbeitsgruppe "
            "erarbeitet, in der ausgeloste Einwohnerinnen und Einwohner, Mitglieder aller "
            "Fraktionen des Stadtrats und Beschäftigte der Verwaltung gleichberechtigt "
            "zusammengearbeitet haben. Der vorliegende Entwurf ist das Ergebnis dieser Arbeit "
            "und wird nun öffentlich zur Diskussion gestellt.",
            "Die Leitlinien sind eine Selbstverpflichtung von Stadtrat und Verwaltung. Sie "
            "schaffen keine neuen Rechtsansprüche; gesetzlich vorgeschriebene "
            "Beteiligungsverfahren, etwa in der Bauleitplanung, bleiben unberührt. Wer sich auf "
            "die Leitlinien beruft, soll aber erwarten dürfen, dass sie eingehalten werden.",
        ),
    ),
    Chapter(
        "ziele",
        "2. Ziele",
        (
            "Mit diesen Leitlinien verfolgen Stadtrat und Verwaltung gemeinsam die folgenden "
            "Ziele:\n\n"
            "- Einwohnerinnen und Einwohner erfahren früh, welche Vorhaben die Stadt plant.\n"
            "- Beteiligung findet statt, bevor wesentliche Entscheidungen gefallen sind.\n"
            "- Alle Menschen in Musterstadt haben eine faire Chance, sich einzubringen – "
            "unabhängig von Alter, Herkunft, Einkommen oder Behinderung.\n"
            "- Die Ergebnisse von Beteiligung fließen nachvollziehbar in die Entscheidungen ein.",
            "Beteiligung soll das Vertrauen zwischen Einwohnerschaft, Politik und Verwaltung "
            "stärken. Dazu gehört, offen zu sagen, was in einem Verfahren noch gestaltbar ist und "
            "was nicht. Wo der Spielraum gering ist, wird das ehrlich benannt, statt Erwartungen "
            "zu wecken, die nicht erfüllt werden können.",
            "Die Stadt will besonders die Menschen erreichen, die sich bisher selten beteiligen: "
            "junge Menschen, Menschen mit geringem Einkommen, Menschen mit "
            "Einwanderungsgeschichte, Alleinerziehende und Menschen mit Behinderungen. "
            "Beteiligungsangebote werden deshalb so gestaltet, dass man sie auch ohne Vorwissen "
            "und ohne viel freie Zeit wahrnehmen kann.",
            "Beteiligung soll die Qualität von Planungen verbessern. Das Wissen der Menschen vor "
            "Ort – über den Schulweg, die Bushaltestelle, den Spielplatz oder den Lärm in der "
            "Nacht – ist eine Quelle, auf die die Verwaltung nicht verzichten will.",
        ),
    ),
    Chapter(
        "grundsaetze",
        "3. Grundsätze",
        (
            "**Frühzeitigkeit.** Beteiligung beginnt so früh, dass Anregungen das Ergebnis noch "
            "beeinflussen können. Ein Verfahren, in dem nur noch über Einzelheiten entschieden "
            "werden kann, wird auch so benannt.",
            "**Transparenz.** Ziel, Ablauf, Zeitplan und Gestaltungsspielraum eines Verfahrens "
            "werden vor seinem Beginn veröffentlicht. Alle Unterlagen, die man für eine eigene "
            "Meinung braucht, stehen verständlich aufbereitet und barrierefrei zur Verfügung.",
            "**Verbindlichkeit.** Die Ergebnisse eines Beteiligungsverfahrens werden "
            "dokumentiert und dem Gremium vorgelegt, das entscheidet. Die Stadt begründet "
            "öffentlich, welche Anregungen sie aufgenommen hat und welche nicht.",
            "**Fairness und Respekt.** Alle Beteiligten begegnen sich auf Augenhöhe. "
            "Unterschiedliche Meinungen werden respektiert; persönliche Angriffe, "
            "Diskriminierung und Falschbehauptungen haben in Beteiligungsverfahren keinen Platz.",
            "**Inklusion.** Beteiligungsangebote werden so geplant, dass möglichst viele "
            "Menschen teilnehmen können. Dazu gehören insbesondere:\n\n"
            "- Veranstaltungsorte, die barrierefrei erreichbar sind,\n"
            "- Informationen in Leichter Sprache und bei Bedarf in weiteren Sprachen,\n"
            "- Termine zu unterschiedlichen Tageszeiten sowie Angebote online und vor Ort,\n"
            "- Kinderbetreuung bei längeren Veranstaltungen.",
            "**Lernbereitschaft.** Stadtrat und Verwaltung verstehen Beteiligung als "
            "Lernprozess. Die Erfahrungen aus jedem Verfahren werden ausgewertet, damit das "
            "nächste besser gelingt.",
        ),
    ),
    Chapter(
        "anwendungsbereich",
        "4. Anwendungsbereich",
        (
            "Die Leitlinien gelten für alle Vorhaben der Stadt Musterstadt, über die der "
            "Stadtrat, seine Ausschüsse oder die Ortsbeiräte entscheiden und die die "
            "Lebensverhältnisse der Einwohnerinnen und Einwohner spürbar betreffen. Sie gelten "
            "auch für Vorhaben der städtischen Gesellschaften, soweit der Stadtrat darüber "
            "entscheidet.",
            "Ausgenommen sind Angelegenheiten, die nach der Gemeindeordnung nicht öffentlich "
            "beraten werden, insbesondere Personalangelegenheiten und Grundstücksgeschäfte, "
            "sowie Pflichtaufgaben, bei denen die Stadt keinen Entscheidungsspielraum hat.",
            "Gesetzlich vorgeschriebene Beteiligungsverfahren, etwa nach dem Baugesetzbuch, "
            "werden nach diesen Leitlinien ergänzt, wo dies sinnvoll ist. In diesen Fällen "
            "informiert die Stadt über das gesetzliche Mindestmaß hinaus und in verständlicher "
            "Sprache.",
            "Die Leitlinien regeln die informelle, also gesetzlich nicht vorgeschriebene "
            "Beteiligung. Einwohnerantrag, Bürgerbegehren und Bürgerentscheid sind in der "
            "Gemeindeordnung geregelt und bleiben von ihnen unberührt.",
        ),
    ),
    Chapter(
        "vorhabenliste",
        "5. Vorhabenliste",
        (
            "Die Verwaltung veröffentlicht eine Vorhabenliste. Sie enthält alle Vorhaben, für "
            "die diese Leitlinien nach Kapitel 4 gelten. Die Liste steht auf der "
            "Beteiligungsplattform und liegt gedruckt in den Bürgerbüros aus.",
            "Zu jedem Vorhaben nennt die Vorhabenliste mindestens:\n\n"
            "- Titel, kurze Beschreibung und Ziel des Vorhabens,\n"
            "- den betroffenen Stadtteil oder Ort,\n"
            "- das zuständige Amt und eine Ansprechperson,\n"
            "- den aktuellen Stand und den geplanten Zeitplan,\n"
            "- die geschätzten Kosten, soweit sie bekannt sind,\n"
            "- die bisherigen Beschlüsse des Stadtrats,\n"
            "- ob und in welcher Form eine Beteiligung geplant ist – oder warum nicht.",
            "Die Vorhabenliste wird mindestens dreimal im Jahr aktualisiert. Neue Vorhaben "
            "werden gekennzeichnet. Ändern sich Zeitplan oder Kosten eines Vorhabens "
            "wesentlich, wird dies mit einer kurzen Begründung vermerkt.",
            "Ein Vorhaben wird spätestens dann in die Liste aufgenommen, wenn die Verwaltung "
            "beginnt, eine Entscheidung des Stadtrats darüber vorzubereiten. Vorhaben in einer "
            "frühen Ideenphase können schon vorher aufgenommen werden.",
            "Die Vorhabenliste steht zusätzlich als offener Datensatz (CSV und JSON) zur "
            "Verfügung, damit andere sie weiterverwenden können.",
        ),
    ),
    Chapter(
        "anregung",
        "6. Anregung von Beteiligung",
        (
            "Für jedes Vorhaben der Vorhabenliste, für das keine Beteiligung vorgesehen ist, "
            "kann eine Beteiligung angeregt werden. Anregen können:\n\n"
            "- Einwohnerinnen und Einwohner ab 14 Jahren,\n"
            "- der Beteiligungsbeirat,\n"
            "- der Jugendrat, der Seniorenbeirat, der Beirat für Menschen mit Behinderungen und "
            "der Integrationsbeirat,\n"
            "- jedes Mitglied des Stadtrats und der Ortsbeiräte.",
            "Eine Anregung wird auf der Beteiligungsplattform oder schriftlich beim Büro für "
            "Bürgerbeteiligung eingereicht. Sie nennt das Vorhaben und begründet kurz, warum "
            "eine Beteiligung sinnvoll ist. Angeregt werden kann innerhalb von acht Wochen, "
            "nachdem das Vorhaben in die Vorhabenliste aufgenommen wurde.",
            "Eine Anregung von Einwohnerinnen und Einwohnern wird dem Beteiligungsbeirat "
            "vorgelegt, wenn sie innerhalb der Frist von mindestens 250 Menschen ab 14 Jahren "
            "mit Wohnsitz in Musterstadt unterstützt wird. Anregungen von Gremien und "
            "Ratsmitgliedern brauchen keine Unterstützung.",
            "Der Beteiligungsbeirat berät die Anregung in seiner nächsten Sitzung und gibt eine "
            "Empfehlung ab. Ob eine Beteiligung stattfindet, entscheidet der zuständige "
            "Ausschuss oder der Stadtrat innerhalb von drei Monaten.",
            "Die Entscheidung wird mit ihrer Begründung beim Vorhaben in der Vorhabenliste "
            "veröffentlicht. Wer die Anregung eingereicht hat, wird benachrichtigt.",
        ),
    ),
    Chapter(
        "beirat",
        "7. Beteiligungsbeirat",
        (
            "Die Stadt richtet einen Beteiligungsbeirat ein. Er begleitet die Umsetzung dieser "
            "Leitlinien, berät Stadtrat und Verwaltung in Fragen der Beteiligung und gibt "
            "Empfehlungen zu Anregungen nach Kapitel 6.",
            "Dem Beteiligungsbeirat gehören 15 stimmberechtigte Mitglieder an:\n\n"
            "- sieben Einwohnerinnen und Einwohner, die aus allen Bewerbungen ausgelost werden,\n"
            "- drei Vertreterinnen oder Vertreter der Verwaltung,\n"
            "- eine Person aus dem Büro für Bürgerbeteiligung,\n"
            "- je eine Delegierte oder ein Delegierter des Jugendrats, des Seniorenbeirats, des "
            "Beirats für Menschen mit Behinderungen und des Integrationsbeirats.\n\n"
            "Jede Fraktion des Stadtrats kann ein beratendes Mitglied ohne Stimmrecht entsenden.",
            "Bewerben können sich alle Einwohnerinnen und Einwohner ab 14 Jahren. Die Auslosung "
            "ist öffentlich und so angelegt, dass Frauen und Männer sowie die Stadtteile "
            "angemessen vertreten sind. Die übrigen Bewerbungen bilden in der ausgelosten "
            "Reihenfolge eine Nachrückliste.",
            "Die ausgelosten Mitglieder werden für zwei Jahre berufen. Damit Erfahrung erhalten "
            "bleibt, wird jedes Jahr die Hälfte dieser Sitze neu besetzt. Eine erneute "
            "Bewerbung ist einmal möglich.",
            "Der Beteiligungsbeirat tagt mindestens viermal im Jahr öffentlich. Die "
            "Tagesordnung wird spätestens eine Woche vor der Sitzung, das Ergebnisprotokoll "
            "spätestens vier Wochen danach auf der Beteiligungsplattform veröffentlicht.",
            "Die Mitglieder des Beteiligungsbeirats sind ehrenamtlich tätig und erhalten eine "
            "Aufwandsentschädigung nach der Entschädigungssatzung der Stadt. Die "
            "Geschäftsführung liegt beim Büro für Bürgerbeteiligung.",
        ),
    ),
    Chapter(
        "qualitaet",
        "8. Qualitätskriterien",
        (
            "Jedes Beteiligungsverfahren beruht auf einem Beteiligungskonzept, das vor Beginn "
            "veröffentlicht wird. Es beschreibt:\n\n"
            "1. den Gegenstand und den Gestaltungsspielraum,\n"
            "2. die Zielgruppen und wie sie erreicht werden sollen,\n"
            "3. die Formate und den Zeitplan,\n"
            "4. wie die Ergebnisse dokumentiert und in die Entscheidung eingebracht werden.",
            "Die Stufe der Beteiligung wird klar benannt: Information, Konsultation, Mitwirkung "
            "oder Mitentscheidung im Rahmen eines vom Stadtrat festgelegten Budgets. Es wird "
            "nicht mehr Einfluss versprochen, als tatsächlich besteht.",
            "Informationen werden in verständlicher Sprache geschrieben, Fachbegriffe werden "
            "erklärt. Zu jedem Verfahren gibt es eine Zusammenfassung in Leichter Sprache.",
            "Veranstaltungen werden neutral moderiert. Bei strittigen oder umfangreichen "
            "Vorhaben wird eine externe Moderation beauftragt.",
        ),
    ),
    Chapter(
        "ergebnisse",
        "9. Umgang mit Ergebnissen",
        (
            "Alle Beiträge aus einem Beteiligungsverfahren werden dokumentiert. Die "
            "Dokumentation wird spätestens acht Wochen nach dem Ende des Verfahrens "
            "veröffentlicht.",
            "Die Verwaltung gibt zu jedem Beitrag eine Rückmeldung: ob er übernommen, teilweise "
            "übernommen oder nicht übernommen wurde, und warum. Gleichartige Beiträge können "
            "gemeinsam beantwortet werden.",
            "Die Ergebnisse werden dem entscheidenden Gremium zusammen mit der Beschlussvorlage "
            "vorgelegt. Die Beschlussvorlage stellt in einem eigenen Abschnitt dar, wie die "
            "Ergebnisse berücksichtigt wurden.",
            "Nach der Entscheidung informiert die Stadt alle Beteiligten über das Ergebnis – "
            "auf der Beteiligungsplattform und, wer dies wünscht, per E-Mail.",
        ),
    ),
    Chapter(
        "evaluation",
        "10. Evaluation",
        (
            "Zwei Jahre nach ihrem Inkrafttreten wird die Umsetzung der Leitlinien von einer "
            "unabhängigen Stelle evaluiert. Dabei werden auch die Erfahrungen der "
            "Teilnehmenden, des Beteiligungsbeirats und der Verwaltung erhoben.",
            "Jedes größere Beteiligungsverfahren endet mit einem kurzen Fragebogen für die "
            "Teilnehmenden. Die Auswertung wird veröffentlicht.",
            "Das Büro für Bürgerbeteiligung legt dem Stadtrat jährlich einen Bericht vor: über "
            "die durchgeführten Verfahren, die eingegangenen Anregungen, die Arbeit des "
            "Beteiligungsbeirats und die Kosten. Auf Grundlage der Evaluation schlägt der "
            "Beteiligungsbeirat bei Bedarf Änderungen der Leitlinien vor.",
        ),
    ),
    Chapter(
        "buero",
        "11. Büro für Bürgerbeteiligung und Ressourcen",
        (
            "Die Stadt richtet ein Büro für Bürgerbeteiligung ein. Es ist Anlaufstelle für "
            "Einwohnerinnen und Einwohner, berät die Ämter bei der Planung von Beteiligung und "
            "betreut die Beteiligungsplattform.",
            "Für Beteiligungsverfahren wird im Haushalt ein eigenes Budget bereitgestellt. Jedes "
            "Amt plant die Kosten der Beteiligung an seinen Vorhaben von Anfang an ein.",
            "Beschäftigte der Verwaltung werden in Methoden der Beteiligung fortgebildet. "
            "Beteiligung gilt als Teil der regulären Arbeit, nicht als zusätzliche Aufgabe.",
        ),
    ),
    Chapter(
        "inkrafttreten",
        "12. Inkrafttreten",
        (
            "Diese Leitlinien treten am Tag nach ihrem Beschluss durch den Stadtrat in Kraft.",
            "Die Vorhabenliste wird erstmals sechs Monate nach dem Inkrafttreten veröffentlicht; "
            "der Beteiligungsbeirat wird innerhalb eines Jahres eingerichtet.",
        ),
    ),
)


class Resident(NamedTuple):
    email: str
    display_name: str


# Anna and Ben are the demo accounts of seed_demo; the others exist only for the discussion.
RESIDENTS: dict[str, Resident] = {
    "anna": Resident("anna@example.org", "Anna aus der Altstadt"),
    "ben": Resident("ben@example.org", "Ben B."),
    "jutta": Resident("demo-01@example.org", "Jutta vom Marktplatz"),
    "mehmet": Resident("demo-02@example.org", "Mehmet K."),
    "lena": Resident("demo-03@example.org", "Lena, 17"),
    "gerd": Resident("demo-04@example.org", "Gerd aus der Nordstadt"),
    "radlerin": Resident("demo-05@example.org", "Radlerin vom Südhang"),
    "sommer": Resident("demo-06@example.org", "Familie Sommer"),
    "tobias": Resident("demo-07@example.org", "Tobias W."),
    "helga": Resident("demo-08@example.org", "Helga R."),
    "yusuf": Resident("demo-09@example.org", "Yusuf aus der Weststadt"),
    "kathrin": Resident("demo-10@example.org", "Kathrin P."),
    "hafen": Resident("demo-11@example.org", "Quartiersverein Am Hafen"),
    "sparfuchs": Resident("demo-12@example.org", "Sparfuchs"),
}


class Remark(NamedTuple):
    """A comment of the demo discussion, with its supporters, reports and replies.

    ``author``, ``supported_by`` and the reporters are keys of :data:`RESIDENTS`;
    ``reports`` pairs a reporter with a ``HideReason`` value. ``hidden`` holds the public
    reason and the private note of a moderator who hid the comment.
    """

    author: str
    text: str
    supported_by: tuple[str, ...] = ()
    replies: tuple[Remark, ...] = ()
    reports: tuple[tuple[str, str], ...] = ()
    hidden: tuple[str, str] | None = None


R = Remark

# Paragraph key → the comments written on it, in the order they were written.
DISCUSSION: dict[str, tuple[Remark, ...]] = {
    "praeambel-1": (
        R(
            "jutta",
            "Schöner Einstieg. Mir fehlen aber die vielen Menschen, die sich nicht in Vereinen "
            "engagieren, sondern einfach im Alltag – die Nachbarin, die für die ältere Dame "
            "im Haus mit einkauft, zum Beispiel. Engagement ist mehr als Vereinsarbeit.",
            ("helga", "anna", "yusuf"),
            (
                R(
                    "helga",
                    "Sehe ich genauso. Gerade in der Nordstadt läuft viel über die Nachbarschaft "
                    "und nicht über Vereine.",
                    ("jutta",),
                ),
            ),
        ),
    ),
    "praeambel-2": (
        R(
            "sparfuchs",
            "„Beteiligung ersetzt die repräsentative Demokratie nicht“ – gut, dass das so klar "
            "drinsteht. Dann sollte man aber auch ehrlich sagen, dass am Ende der Stadtrat "
            "entscheidet, egal was hier kommentiert wird.",
            ("gerd",),
            (
                R(
                    "tobias",
                    "Das steht doch genau so da. Der Punkt ist, dass der Rat vorher zuhören und "
                    "seine Entscheidung begründen muss – das ist mehr, als wir heute haben.",
                    ("anna", "kathrin", "mehmet"),
                    (
                        R(
                            "sparfuchs",
                            "Begründen ist gut. Ich bin gespannt, ob das dann auch wirklich "
                            "passiert.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    "praeambel-3": (
        R(
            "mehmet",
            "Ich war in der Arbeitsgruppe dabei und kann nur sagen: Es hat sich gelohnt. Am "
            "Anfang saßen wir ziemlich misstrauisch zusammen, am Ende haben wir gemeinsam um "
            "Kommas gestritten. Danke an alle, die mitgemacht haben!",
            ("anna", "jutta", "tobias", "helga"),
            (
                R(
                    "lena",
                    "Wie wurde man denn für die Arbeitsgruppe ausgewählt? Ich habe davon erst "
                    "jetzt erfahren.",
                    (),
                    (
                        R(
                            "mehmet",
                            "Per Los aus dem Melderegister. Wer angeschrieben wurde, konnte "
                            "zusagen – ich hatte einfach Glück.",
                            ("lena",),
                        ),
                    ),
                ),
            ),
        ),
    ),
    "praeambel-4": (
        R(
            "ben",
            "Wenn die Leitlinien keine Rechtsansprüche schaffen: Was passiert, wenn sich die "
            "Verwaltung einfach nicht daran hält? Gibt es eine Stelle, an die man sich dann "
            "wenden kann?",
            ("gerd", "sparfuchs", "radlerin"),
            (
                R(
                    "kathrin",
                    "Ich fände es gut, wenn der Beteiligungsbeirat (Kapitel 7) genau dafür "
                    "zuständig wäre: Beschwerden sammeln und einmal im Jahr öffentlich "
                    "berichten.",
                    ("ben", "tobias"),
                ),
            ),
        ),
        R(
            "tobias",
            "Der letzte Satz ist sehr weich. Vorschlag: „Stadtrat und Verwaltung verpflichten "
            "sich, die Leitlinien einzuhalten.“",
            ("ben", "kathrin"),
        ),
    ),
    "ziele-1": (
        R(
            "lena",
            "Gut, dass das Alter ausdrücklich genannt wird. Für uns Jugendliche ist vieles, was "
            "die Stadt macht, einfach unsichtbar. Bitte auch die Schulen als Ort für "
            "Beteiligung mitdenken!",
            ("yusuf", "sommer", "mehmet"),
            (
                R(
                    "sommer",
                    "Unbedingt. Und nicht nur die Gymnasien – die Gesamtschule in der Weststadt "
                    "sollte genauso gefragt werden.",
                    ("lena", "yusuf"),
                ),
            ),
        ),
    ),
    "ziele-2": (
        R(
            "gerd",
            "Ehrlich sagen, wenn der Spielraum gering ist – das ist für mich der wichtigste Satz "
            "im ganzen Papier. Beim Umbau des Marktplatzes wurden wir gefragt, als eigentlich "
            "schon alles feststand. So etwas darf sich nicht wiederholen.",
            ("jutta", "sparfuchs", "anna", "ben", "helga"),
            (
                R(
                    "jutta",
                    "Oh ja, daran erinnere ich mich. Die Bänke, die wir uns gewünscht hatten, "
                    "kamen dann trotzdem nicht.",
                    ("gerd",),
                    (
                        R(
                            "anna",
                            "Dafür gibt es ja künftig die Vorhabenliste. Wenn sie gut gepflegt "
                            "wird, fällt so etwas hoffentlich früher auf.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    "ziele-3": (
        R(
            "yusuf",
            "Sehr wichtig. Ein konkreter Vorschlag: Informationen zu großen Vorhaben auch auf "
            "Türkisch, Arabisch, Russisch und Ukrainisch anbieten – das sind in der Weststadt "
            "die häufigsten Sprachen.",
            ("mehmet", "lena", "hafen"),
            (
                R(
                    "sparfuchs",
                    "Und wer bezahlt die Übersetzungen? Ich bin nicht dagegen, aber das muss "
                    "dann auch im Haushalt stehen.",
                    (),
                    (
                        R(
                            "yusuf",
                            "Kapitel 11 sieht dafür ein eigenes Budget vor. Es muss ja nicht jedes "
                            "Dokument übersetzt werden, eine Zusammenfassung reicht oft.",
                            ("mehmet",),
                        ),
                    ),
                ),
            ),
        ),
        R(
            "helga",
            "Bitte die älteren Menschen nicht vergessen, die kein Internet nutzen. Die Aufzählung "
            "ist gut, aber Seniorinnen und Senioren fehlen darin.",
            ("gerd", "jutta"),
        ),
    ),
    "ziele-4": (
        R(
            "hafen",
            "Genau so. Wir als Quartiersverein kennen jede Ecke am Hafen, an der es nachts zu "
            "laut ist oder wo Kinder über die Straße rennen. Dieses Wissen bringen wir gern ein.",
            ("sommer", "anna"),
        ),
    ),
    "grundsaetze-1": (
        R(
            "tobias",
            "Wer entscheidet, wann „früh genug“ ist? Vorschlag: Beteiligung beginnt spätestens, "
            "bevor der Stadtrat einen Grundsatzbeschluss fasst. Das ließe sich auch überprüfen.",
            ("ben", "kathrin", "radlerin", "anna"),
        ),
    ),
    "grundsaetze-2": (
        R(
            "radlerin",
            "Was heißt „barrierefrei“ bei PDF-Dateien? Viele Pläne der Stadt sind eingescannte "
            "Bilder, die kein Screenreader lesen kann.",
            ("kathrin",),
            (
                R(
                    "kathrin",
                    "Ich arbeite mit einem Screenreader und kann das bestätigen. Vorschlag: zu "
                    "jedem Plan eine kurze Beschreibung als Text.",
                    ("radlerin", "yusuf", "anna"),
                ),
            ),
        ),
    ),
    "grundsaetze-3": (
        R(
            "sparfuchs",
            "Verbindlich wäre es, wenn der Rat sich an die Ergebnisse halten müsste. Das hier ist "
            "eher eine Begründungspflicht – dann sollte der Grundsatz auch so heißen.",
            ("gerd",),
            (
                R(
                    "mehmet",
                    "Darüber haben wir in der Arbeitsgruppe lange diskutiert. Den Rat an die "
                    "Ergebnisse zu binden, ist rechtlich nicht möglich; die Begründungspflicht "
                    "war der Kompromiss.",
                    (),
                    (
                        R(
                            "sparfuchs",
                            "Verstehe ich. Dann aber bitte auch so benennen.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    "grundsaetze-4": (
        R(
            "lena",
            "Falschbehauptungen – wer entscheidet, was falsch ist? Ich finde den Satz "
            "grundsätzlich richtig, aber er darf nicht dazu führen, dass unbequeme Meinungen "
            "gelöscht werden.",
            ("sparfuchs", "ben"),
            (
                R(
                    "tobias",
                    "Vielleicht besser „bewusste Falschbehauptungen“? Dann geht es um Absicht, "
                    "nicht um Meinungsverschiedenheiten.",
                    ("lena",),
                ),
            ),
        ),
        R(
            "sparfuchs",
            "Respekt ist schön und gut. Aber solange in den Ämtern Leute sitzen, die seit "
            "zwanzig Jahren Dienst nach Vorschrift machen, wird sich nichts ändern.",
            reports=(("lena", "1"),),
        ),
    ),
    "grundsaetze-5": (
        R(
            "sommer",
            "Kinderbetreuung ist für uns der entscheidende Punkt. Mit zwei kleinen Kindern "
            "kommen wir abends sonst nirgendwo hin. Danke, dass das drinsteht!",
            ("anna", "lena", "jutta", "yusuf", "hafen", "kathrin"),
        ),
        R(
            "kathrin",
            "Ergänzung zur Liste: Gebärdensprachdolmetschung auf Anfrage und Induktionsschleifen "
            "in den Veranstaltungsräumen.",
            ("helga", "radlerin"),
            (
                R(
                    "helga",
                    "Induktionsschleifen – sehr gut. Mein Mann ist schwerhörig und versteht bei "
                    "Versammlungen oft kaum etwas.",
                ),
            ),
        ),
    ),
    "anwendungsbereich-1": (
        R(
            "hafen",
            "Gilt das auch für die Stadtwerke? Die planen am Hafen gerade ein neues "
            "Heizkraftwerk, und da würden wir gern mitreden.",
            ("sommer", "radlerin", "tobias"),
            (
                R(
                    "tobias",
                    "Laut dem letzten Satz nur, „soweit der Stadtrat darüber entscheidet“. Bei "
                    "den Stadtwerken ist das oft nicht der Fall. Hier sollte nachgebessert "
                    "werden.",
                    ("hafen",),
                ),
            ),
        ),
    ),
    "anwendungsbereich-2": (
        R(
            "radlerin",
            "Dass Grundstücksgeschäfte ausgenommen sind, verstehe ich. Aber wenn die Stadt ein "
            "großes Grundstück verkauft, auf dem dann ein Einkaufszentrum entsteht, betrifft das "
            "alle. Zumindest über die spätere Nutzung sollte man mitreden können.",
            ("jutta", "hafen", "anna"),
        ),
    ),
    "vorhabenliste-1": (
        R(
            "anna",
            "Die Vorhabenliste ist für mich das Herzstück. Endlich weiß man, was geplant ist, "
            "bevor die Bagger rollen.",
            ("ben", "tobias", "radlerin", "mehmet"),
        ),
    ),
    "vorhabenliste-2": (
        R(
            "tobias",
            "Bitte ergänzen: die Drucksachennummern der Ratsbeschlüsse mit einem Link ins "
            "Ratsinformationssystem. Dann kann man nachlesen, was genau beschlossen wurde.",
            ("ben", "kathrin"),
        ),
        R(
            "radlerin",
            "Eine Karte wäre toll, auf der man alle Vorhaben im eigenen Stadtteil sieht.",
            ("sommer", "hafen", "lena"),
            (
                R(
                    "ben",
                    "Ja! Und man sollte die Vorhaben im eigenen Stadtteil abonnieren können, "
                    "sodass man eine E-Mail bekommt, wenn sich etwas ändert.",
                    ("radlerin", "anna"),
                ),
            ),
        ),
    ),
    "vorhabenliste-3": (
        R(
            "sparfuchs",
            "Dreimal im Jahr reicht nicht. Wenn sich die Kosten verdoppeln, will ich das nicht "
            "erst vier Monate später erfahren.",
            ("gerd", "ben"),
            (
                R(
                    "anna",
                    "Vielleicht so: regulär dreimal im Jahr, wesentliche Kostenänderungen aber "
                    "sofort?",
                    ("sparfuchs", "tobias"),
                ),
            ),
        ),
    ),
    "vorhabenliste-5": (
        R(
            "lena",
            "Offene Daten finde ich super. Unsere Informatik-AG könnte daraus eine App bauen.",
            ("yusuf", "tobias"),
            (
                R(
                    "yusuf",
                    "Wenn ihr Hilfe braucht: Ich bin Softwareentwickler und unterstütze euch gern.",
                    ("lena",),
                ),
            ),
        ),
    ),
    "anregung-1": (
        R(
            "lena",
            "Danke, dass man schon ab 14 mitmachen kann!",
            ("sommer", "mehmet", "yusuf"),
            (
                R(
                    "gerd",
                    "Ab 14 finde ich zu früh. Wählen darf man auch erst ab 16 oder 18.",
                    (),
                    (
                        R(
                            "lena",
                            "Es geht ja nicht ums Wählen, sondern darum, eine Beteiligung "
                            "anzuregen. Der Spielplatz oder der Schulweg betreffen uns genauso.",
                            ("sommer", "yusuf", "anna", "mehmet"),
                        ),
                    ),
                ),
            ),
        ),
    ),
    "anregung-2": (
        R(
            "ben",
            "Acht Wochen sind knapp, wenn man erst Unterstützerinnen und Unterstützer sammeln "
            "muss. Zwölf Wochen wären fairer.",
            ("hafen", "jutta", "sparfuchs"),
        ),
    ),
    "anregung-3": (
        R(
            "sparfuchs",
            "250 Unterstützer bei über 100.000 Einwohnern – das ist sehr wenig. Da kann jede "
            "kleine Interessengruppe eine Beteiligung erzwingen.",
            (),
            (
                R(
                    "kathrin",
                    "Erzwingen kann sie nichts. Es geht nur darum, dass sich der Beirat damit "
                    "befasst; entscheiden muss am Ende der Rat.",
                    ("tobias", "anna", "mehmet"),
                ),
                R(
                    "radlerin",
                    "Anderswo sind die Hürden viel höher, und dann kommt fast nie eine "
                    "Anregung zustande. Ich finde 250 genau richtig.",
                    ("kathrin", "lena"),
                ),
            ),
        ),
        R(
            "tobias",
            "Eine Frage: Werden Unterschriften auf Papier und Unterstützungen auf der Plattform "
            "zusammengezählt?",
        ),
    ),
    "anregung-5": (
        R(
            "mehmet",
            "Ergänzungsvorschlag: Auch alle, die eine Anregung unterstützt haben, sollten "
            "benachrichtigt werden, wenn sie das möchten.",
            ("anna", "radlerin", "lena", "ben"),
        ),
    ),
    "beirat-1": (
        R(
            "jutta",
            "Ein Beirat ist gut, aber bitte nicht noch ein Gremium, das nur redet. Er sollte "
            "auch selbst Themen auf die Tagesordnung des zuständigen Ausschusses setzen können.",
            ("gerd", "sparfuchs"),
        ),
    ),
    "beirat-2": (
        R(
            "ben",
            "Warum haben die Fraktionen kein Stimmrecht? Dann sind die Einwohnerinnen und "
            "Einwohner in der Mehrheit – finde ich eigentlich gut, ich möchte es nur verstehen.",
            (),
            (
                R(
                    "mehmet",
                    "Genau das war die Absicht: Der Beirat soll die Sicht der Einwohnerschaft "
                    "stärken. Die Fraktionen entscheiden ja ohnehin im Rat.",
                    ("ben", "lena"),
                ),
            ),
        ),
        R(
            "yusuf",
            "Sieben Plätze für Einwohnerinnen und Einwohner bei sechs Stadtteilen – bekommt jeder "
            "Stadtteil mindestens einen Platz?",
            ("hafen",),
        ),
    ),
    "beirat-3": (
        R(
            "lena",
            "Ich würde mich bewerben! Gibt es auch eine Regel, damit Jüngere reinkommen?",
            ("sommer", "yusuf"),
            (
                R(
                    "kathrin",
                    "Eine Quote nach Altersgruppen fände ich sinnvoll, zusätzlich zu Geschlecht "
                    "und Stadtteil.",
                    ("lena",),
                ),
            ),
        ),
        R(
            "sparfuchs",
            "Ausgelost, soso. Fragen Sie mal Herrn Krämer vom Tiefbauamt – der wohnt übrigens "
            "in der Lindenstraße 12 –, wie ernst man dort Bürgerwünsche nimmt.",
            reports=(("jutta", "3"), ("kathrin", "3")),
            hidden=(
                "3",
                "Nennt Namen und Wohnadresse eines Mitarbeiters. Kritik an der Verwaltung ist "
                "zulässig, aber ohne persönliche Daten Dritter.",
            ),
        ),
    ),
    "beirat-4": (
        R(
            "gerd",
            "Zwei Jahre sind kurz, bis man sich eingearbeitet hat. Drei Jahre wären besser.",
            (),
            (
                R(
                    "jutta",
                    "Die Hälfte wird ja jedes Jahr neu besetzt, da bleibt Erfahrung erhalten. "
                    "Ich finde zwei Jahre gut, dann kommen mehr Leute zum Zug.",
                    ("anna", "lena"),
                ),
            ),
        ),
    ),
    "beirat-5": (
        R(
            "tobias",
            "Bitte die Sitzungen auch im Internet übertragen oder aufzeichnen.",
            ("radlerin", "lena", "yusuf"),
            (
                R(
                    "helga",
                    "Und die Protokolle bitte nicht erst nach vier Wochen, zwei Wochen sollten "
                    "reichen.",
                    ("tobias", "jutta"),
                ),
            ),
        ),
    ),
    "qualitaet-1": (
        R(
            "kathrin",
            "Das Beteiligungskonzept ist ein gutes Instrument. Bitte auch festlegen, wer es "
            "erstellt und wer es prüft – am besten der Beirat.",
            ("tobias", "mehmet"),
        ),
    ),
    "qualitaet-2": (
        R(
            "tobias",
            "Mitentscheidung nur im Rahmen eines Budgets – das klingt nach Bürgerhaushalt. Ist "
            "so etwas geplant?",
            ("radlerin",),
            (
                R(
                    "mehmet",
                    "In der Arbeitsgruppe gab es die Idee eines Stadtteilbudgets. Sie soll aber "
                    "erst später beraten werden.",
                ),
            ),
        ),
    ),
    "qualitaet-3": (
        R(
            "gerd",
            "Apropos verständlich: Das Schlagloch vor der Grundschule Nordstadt ist seit Monaten "
            "gemeldet, und nichts passiert. Vielleicht sollte man erst einmal die Straßen in "
            "Ordnung bringen, bevor man Leitlinien schreibt.",
            reports=(("tobias", "5"), ("yusuf", "5")),
            replies=(
                R(
                    "anna",
                    "Für Straßenschäden gibt es den Mängelmelder der Stadt, hier geht es um die "
                    "Leitlinien. Ärgerlich ist das natürlich trotzdem.",
                    ("tobias",),
                ),
            ),
        ),
    ),
    "qualitaet-4": (
        R(
            "sparfuchs",
            "Eine externe Moderation kostet viel Geld. Die Stadt hat doch eigene Leute.",
            (),
            (
                R(
                    "radlerin",
                    "Gerade bei strittigen Vorhaben trauen viele der Verwaltung keine neutrale "
                    "Moderation zu. Da ist eine externe Moderation das Geld wert.",
                    ("tobias", "kathrin"),
                ),
            ),
        ),
    ),
    "ergebnisse-1": (
        R(
            "jutta",
            "Acht Wochen finde ich lang. Zumindest eine kurze Zusammenfassung sollte nach zwei "
            "Wochen vorliegen.",
            ("anna", "helga"),
        ),
    ),
    "ergebnisse-2": (
        R(
            "anna",
            "Das ist genau das, was bisher gefehlt hat: eine Antwort auf jeden Beitrag. Bitte "
            "nicht nur mit Textbausteinen!",
            ("ben", "jutta", "tobias", "kathrin", "lena", "sommer", "mehmet"),
            (
                R(
                    "sparfuchs",
                    "Bei tausend Beiträgen wird es ohne Textbausteine nicht gehen. Gleichartige "
                    "Beiträge zusammenzufassen, wie vorgeschlagen, ist vernünftig.",
                    (),
                    (
                        R(
                            "anna",
                            "Einverstanden – solange man erkennt, dass der eigene Beitrag "
                            "gelesen wurde.",
                            ("sparfuchs",),
                        ),
                    ),
                ),
            ),
        ),
        R(
            "radlerin",
            "Mir fehlt die Möglichkeit „zur Kenntnis genommen“. Manche Beiträge passen weder zu "
            "„übernommen“ noch zu „nicht übernommen“.",
        ),
    ),
    "ergebnisse-3": (
        R(
            "tobias",
            "Sehr gut. Am besten als Tabelle in der Beschlussvorlage: Anregung, Bewertung der "
            "Verwaltung, Begründung.",
            ("kathrin", "ben"),
        ),
    ),
    "evaluation-1": (
        R(
            "kathrin",
            "Welche unabhängige Stelle ist gemeint? Eine Hochschule? Das sollte hier stehen.",
            ("tobias", "ben"),
            (
                R(
                    "tobias",
                    "Die Hochschule Musterstadt hat einen Studiengang Verwaltungswissenschaft – "
                    "das würde sich anbieten.",
                ),
            ),
        ),
    ),
    "evaluation-3": (
        R(
            "ben",
            "Der jährliche Bericht sollte im Stadtrat öffentlich beraten und nicht nur zur "
            "Kenntnis genommen werden.",
            ("tobias", "kathrin", "radlerin"),
        ),
    ),
    "buero-1": (
        R(
            "helga",
            "Wo wird das Büro sein? Bitte im Erdgeschoss und mit Sprechzeiten auch am "
            "Samstagvormittag.",
            ("gerd", "jutta", "sommer"),
        ),
        R(
            "hafen",
            "Das Büro sollte auch in die Stadtteile kommen, zum Beispiel mit einer mobilen "
            "Sprechstunde auf dem Wochenmarkt.",
            ("jutta", "yusuf", "helga"),
        ),
    ),
    "buero-2": (
        R(
            "sparfuchs",
            "Wie hoch soll das Budget sein? Ohne eine Zahl ist das eine leere Absichtserklärung.",
            ("ben", "gerd"),
            (
                R(
                    "kathrin",
                    "Eine Zahl gehört in den Haushalt, nicht in die Leitlinien. Ein fester "
                    "Mindestanteil wäre aber denkbar.",
                ),
            ),
        ),
    ),
    "buero-3": (
        R(
            "mehmet",
            "Fortbildung ist wichtig. In der Arbeitsgruppe haben gerade die Kolleginnen aus der "
            "Verwaltung gesagt, dass ihnen dafür bisher die Zeit fehlt.",
            ("kathrin", "tobias"),
        ),
    ),
    "inkrafttreten-2": (
        R(
            "gerd",
            "Und wenn es nach einem Jahr noch keinen Beirat gibt? Dann bitte im Bericht "
            "erklären, warum.",
            ("sparfuchs", "ben"),
        ),
    ),
}
