"""Starting texts for the legal and explanatory pages of Stadtdialog.

Each entry of :data:`PAGE_TEMPLATES` fills one :class:`participation.models.Page`
(title and Markdown body in German and English). They are templates: every place
that needs the city's own data is marked ``**[Bitte ergänzen: ...]**`` (English
``**[To be completed: ...]**``), and each page opens with a bold note that the city
must complete the text and have it legally checked before the platform goes live.

Headings use ``##`` and below; the page title is the h1. The moderation reasons in
the terms of use carry fixed anchors (``{#grund-1}``, rendered as ``#h-grund-1``, to 6) in both
languages, so that a hidden comment can link to the reason it was hidden for.
"""

from textwrap import dedent


def _md(text: str) -> str:
    """Remove the source indentation of a triple-quoted Markdown text."""
    return dedent(text).strip()


# --- Impressum --------------------------------------------------------------------------

_IMPRESSUM_DE = _md(
    """
    **Hinweis für die Stadtverwaltung: Dies ist eine Vorlage. Bitte ergänzen Sie alle
    markierten Stellen, streichen Sie Abschnitte, die für Ihre Stadt nicht zutreffen, und
    lassen Sie den Text vor der Freischaltung der Plattform rechtlich prüfen (zum Beispiel
    durch das Rechtsamt). Entfernen Sie diesen Hinweis danach.**

    Angaben nach § 5 Digitale-Dienste-Gesetz (DDG) und § 18 Abs. 2 Medienstaatsvertrag
    (MStV).

    ## Anbieter

    Diese Beteiligungsplattform wird angeboten von der **[Bitte ergänzen: Stadt
    Musterstadt]**, einer Körperschaft des öffentlichen Rechts. Sie wird vertreten durch
    **[Bitte ergänzen: die Oberbürgermeisterin oder den Oberbürgermeister, Vor- und
    Nachname]**.

    ## Anschrift

    **[Bitte ergänzen: Name der Stadtverwaltung, Straße und Hausnummer, Postleitzahl und
    Ort]**

    ## Kontakt

    - Telefon: **[Bitte ergänzen: Telefonnummer]**
    - E-Mail: **[Bitte ergänzen: E-Mail-Adresse, z. B. beteiligung@musterstadt.de]**
    - Postanschrift: siehe oben

    ## Umsatzsteuer-Identifikationsnummer

    Umsatzsteuer-Identifikationsnummer nach § 27a Umsatzsteuergesetz:
    **[Bitte ergänzen: USt-IdNr., falls die Stadt eine hat; sonst diesen Abschnitt
    löschen]**

    ## Aufsichtsbehörde

    **[Bitte ergänzen: zuständige Kommunalaufsicht mit Anschrift. In Rheinland-Pfalz ist
    das für kreisfreie und große kreisangehörige Städte die Aufsichts- und
    Dienstleistungsdirektion (ADD) in Trier; in anderen Ländern z. B. das
    Regierungspräsidium, die Bezirksregierung, das Landesverwaltungsamt oder das
    Landratsamt. Bitte prüfen.]**

    ## Inhaltlich verantwortlich

    Verantwortlich für journalistisch-redaktionelle Inhalte nach § 18 Abs. 2 MStV:
    **[Bitte ergänzen: Vor- und Nachname, Funktion, Anschrift der Stadtverwaltung]**

    ## Technischer Betrieb

    **[Bitte ergänzen: wer die Plattform technisch betreibt, z. B. das städtische Amt für
    Informationstechnik oder ein kommunaler IT-Dienstleister, mit Anschrift]**

    ## Software

    Die Plattform beruht auf Stadtdialog, einer freien Open-Source-Software für die
    Beteiligung von Einwohnerinnen und Einwohnern. Stadtdialog steht unter der GNU Affero
    General Public License, Version 3 oder später (AGPL-3.0-or-later). Den Quellcode der
    hier eingesetzten Fassung finden Sie unter: **[Bitte ergänzen: Link zum Quellcode]**

    ## Beiträge von Einwohnerinnen und Einwohnern

    Kommentare, Antworten und andere Beiträge auf dieser Plattform geben die Meinung der
    Personen wieder, die sie geschrieben haben. Sie sind keine Äußerungen der Stadt. Die
    Stadt moderiert die Beiträge nach den [Nutzungsbedingungen](/seite/nutzungsbedingungen/).
    Wenn Sie einen Beitrag für rechtswidrig halten, nutzen Sie bitte die Funktion „Melden“
    oder schreiben Sie an die oben genannte E-Mail-Adresse.

    ## Links zu anderen Websites

    Die Plattform enthält Links zu Websites anderer Anbieter. Für deren Inhalte sind
    ausschließlich diese Anbieter verantwortlich. Als wir die Links gesetzt haben, waren
    keine Rechtsverstöße erkennbar. Erfahren wir von einem Rechtsverstoß, entfernen wir den
    betreffenden Link.

    ## Bildnachweise

    **[Bitte ergänzen: Urheberinnen und Urheber der verwendeten Fotos und Grafiken, oder
    diesen Abschnitt löschen]**
    """
)

_IMPRESSUM_EN = _md(
    """
    **Note for the city administration: This is a template. Please complete every marked
    place, remove sections that do not apply to your city, and have the text legally
    checked (for example by the legal department) before the platform goes live. Then
    delete this note.**

    Information pursuant to Section 5 of the German Digital Services Act (Digitale-Dienste-
    Gesetz, DDG) and Section 18(2) of the Interstate Media Treaty (Medienstaatsvertrag,
    MStV).

    ## Provider

    This participation platform is provided by **[To be completed: City of
    Musterstadt]**, a corporation under public law (Körperschaft des öffentlichen Rechts).
    It is represented by **[To be completed: the Lord Mayor (Oberbürgermeisterin or
    Oberbürgermeister), first name and surname]**.

    ## Address

    **[To be completed: name of the city administration, street and number, postcode and
    town]**

    ## Contact

    - Telephone: **[To be completed: telephone number]**
    - Email: **[To be completed: email address, e.g. beteiligung@musterstadt.de]**
    - Postal address: see above

    ## VAT identification number

    VAT identification number pursuant to Section 27a of the German VAT Act
    (Umsatzsteuergesetz): **[To be completed: VAT ID, if the city has one; otherwise
    delete this section]**

    ## Supervisory authority

    **[To be completed: the authority responsible for supervising the municipality
    (Kommunalaufsicht), with address. In Rhineland-Palatinate this is the Aufsichts- und
    Dienstleistungsdirektion (ADD) in Trier for independent cities and large cities within
    a district; in other states it may be the Regierungspräsidium, the Bezirksregierung,
    the Landesverwaltungsamt or the Landratsamt. Please check.]**

    ## Responsible for the content

    Responsible for journalistic and editorial content pursuant to Section 18(2) MStV:
    **[To be completed: first name and surname, position, address of the city
    administration]**

    ## Technical operation

    **[To be completed: who runs the platform technically, e.g. the city's IT department
    or a municipal IT service provider, with address]**

    ## Software

    The platform is based on Stadtdialog, free and open-source software for resident
    participation. Stadtdialog is licensed under the GNU Affero General Public License,
    version 3 or later (AGPL-3.0-or-later). The source code of the version used here is
    available at: **[To be completed: link to the source code]**

    ## Contributions by residents

    Comments, replies and other contributions on this platform express the opinions of
    the people who wrote them. They are not statements by the city. The city moderates
    contributions according to the [terms of use](/seite/nutzungsbedingungen/). If you
    believe a contribution is unlawful, please use the “Report” function or write to the
    email address given above.

    ## Links to other websites

    The platform contains links to websites of other providers. Those providers alone are
    responsible for their content. When we set the links, no legal violations were
    apparent. If we learn of a legal violation, we will remove the link concerned.

    ## Image credits

    **[To be completed: creators of the photos and graphics used, or delete this
    section]**
    """
)


# --- Datenschutzerklärung ---------------------------------------------------------------

_DATENSCHUTZ_DE = _md(
    """
    **Hinweis für die Stadtverwaltung: Dies ist eine Vorlage. Bitte ergänzen Sie alle
    markierten Stellen, passen Sie die Rechtsgrundlagen an das Recht Ihres Landes an,
    gleichen Sie die Angaben mit der tatsächlichen Konfiguration Ihres Servers ab und
    lassen Sie den Text vor der Freischaltung durch Ihre Datenschutzbeauftragte oder Ihren
    Datenschutzbeauftragten und das Rechtsamt prüfen. Entfernen Sie diesen Hinweis
    danach.**

    Diese Datenschutzerklärung informiert Sie nach Art. 13 der
    Datenschutz-Grundverordnung (DSGVO) darüber, welche personenbezogenen Daten die Stadt
    auf dieser Beteiligungsplattform verarbeitet, zu welchem Zweck und welche Rechte Sie
    haben.

    ## Verantwortliche Stelle

    **[Bitte ergänzen: Stadt Musterstadt, vertreten durch die Oberbürgermeisterin oder den
    Oberbürgermeister, Anschrift, Telefon, E-Mail]**

    ## Datenschutzbeauftragte oder Datenschutzbeauftragter

    Bei allen Fragen zum Datenschutz können Sie sich direkt und vertraulich an die
    behördliche Datenschutzbeauftragte oder den behördlichen Datenschutzbeauftragten der
    Stadt wenden:

    **[Bitte ergänzen: Name oder Funktionsbezeichnung, Anschrift, E-Mail, Telefon]**

    ## Worum es geht

    Auf dieser Plattform fragt die Stadt Einwohnerinnen und Einwohner nach ihrer Meinung,
    zum Beispiel zu Leitlinien, zur Vorhabenliste oder zur Arbeit des Beteiligungsbeirats.
    Alle Inhalte können Sie ohne Benutzerkonto lesen. Dabei verarbeiten wir nur die
    technischen Daten, die beim Aufruf jeder Website anfallen (siehe „Server-Protokolle“).
    Wenn Sie kommentieren, antworten oder zustimmen möchten, brauchen Sie ein Benutzerkonto.

    ## Welche Daten wir verarbeiten

    ### Ihr Benutzerkonto

    - **E-Mail-Adresse:** für die Anmeldung, zur Bestätigung Ihrer Adresse, zum
      Zurücksetzen des Passworts und für Benachrichtigungen. Sie wird nie öffentlich
      angezeigt.
    - **Anzeigename:** Er erscheint öffentlich bei Ihren Beiträgen. Sie müssen nicht Ihren
      echten Namen verwenden; ein Fantasiename (Pseudonym) ist ausdrücklich erlaubt.
    - **Passwort:** Wir speichern es nicht im Klartext, sondern nur als Hashwert, also als
      nicht umkehrbare Prüfsumme. Niemand bei der Stadt kann Ihr Passwort lesen.
    - **Sprache:** ob Sie E-Mails auf Deutsch oder Englisch erhalten möchten.
    - **Zeitpunkte:** wann Sie sich registriert und zuletzt angemeldet haben.

    Rechtsgrundlage ist Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit
    **[Bitte ergänzen: § 3 des Landesdatenschutzgesetzes bzw. die entsprechende Vorschrift
    Ihres Landes, ggf. zusammen mit den Vorschriften der Gemeindeordnung über die
    Beteiligung der Einwohnerinnen und Einwohner]**.

    ### Einwilligungen und Bestätigungen

    Bei der Registrierung stimmen Sie den Nutzungsbedingungen zu, bestätigen, dass Sie
    diese Datenschutzerklärung gelesen haben, und gegebenenfalls, dass Sie das Mindestalter
    erreicht haben. Wir speichern, welchem Text Sie in welcher Fassung (Versionsnummer) zu
    welchem Zeitpunkt zugestimmt haben. So können wir nachweisen, dass eine Zustimmung
    vorliegt (Art. 7 Abs. 1 DSGVO). Rechtsgrundlage ist Art. 6 Abs. 1 Buchst. c DSGVO in
    Verbindung mit Art. 5 Abs. 2 und Art. 7 Abs. 1 DSGVO.

    ### Ihre Beiträge

    Wir speichern Ihre Kommentare, Antworten und Zustimmungen zusammen mit dem Zeitpunkt
    und der Stelle im Text, auf die sie sich beziehen. Kommentare und Antworten sind
    **öffentlich**: Jede Person kann sie mit Ihrem Anzeigenamen und dem Datum lesen, auch
    ohne Benutzerkonto. Bei Zustimmungen wird öffentlich **[Bitte prüfen und ergänzen:
    nur ihre Anzahl angezeigt, nicht wer zugestimmt hat]**. Wenn Sie einer Beteiligung
    folgen, speichern wir das, um Sie per E-Mail über Neuigkeiten zu informieren.

    **Besondere Kategorien personenbezogener Daten:** Ein Beitrag zu einem Thema der Stadt
    kann Ihre politische Meinung erkennen lassen, manchmal auch Ihre religiöse
    Überzeugung, Ihre Gesundheit oder andere besonders geschützte Angaben im Sinne von
    Art. 9 Abs. 1 DSGVO. Solche Angaben verarbeiten wir nur mit Ihrer ausdrücklichen
    Einwilligung nach Art. 9 Abs. 2 Buchst. a DSGVO, die Sie **[Bitte prüfen und
    ergänzen: bei der Registrierung bzw. vor dem Absenden Ihres ersten Beitrags]**
    erteilen. Schreiben Sie bitte nur, was Sie öffentlich sagen möchten.

    Rechtsgrundlage für die Veröffentlichung und Auswertung Ihrer Beiträge ist Ihre
    Einwilligung (Art. 6 Abs. 1 Buchst. a und Art. 9 Abs. 2 Buchst. a DSGVO) sowie
    Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit **[Bitte ergänzen: § 3 des
    Landesdatenschutzgesetzes bzw. die entsprechende landesrechtliche Vorschrift]**. Die
    Stadt wertet die Beiträge aus, um ihre Planungen zu verbessern, und gibt zu jedem
    Kommentar eine Rückmeldung.

    ### Meldungen und Moderation

    Wenn Sie einen Beitrag melden, speichern wir, wer ihn wann aus welchem Grund gemeldet
    hat. Diese Angaben sehen nur die Personen, die die Plattform moderieren; sie werden
    nicht veröffentlicht. Blendet die Moderation einen Beitrag aus, speichern wir den Grund
    und den Zeitpunkt. Rechtsgrundlage ist Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit
    **[Bitte ergänzen: landesrechtliche Vorschrift]**.

    ### E-Mails

    Wir senden Ihnen E-Mails, um Ihre Adresse zu bestätigen, um Ihr Passwort
    zurückzusetzen, um Sie über sicherheitsrelevante Änderungen an Ihrem Konto zu
    informieren (zum Beispiel eine neue E-Mail-Adresse) und um Sie über Rückmeldungen und
    Neuigkeiten zu Beteiligungen zu benachrichtigen, denen Sie folgen. Die E-Mails werden
    über den eigenen Mailserver der Stadt versendet: **[Bitte ergänzen: Betreiber des
    Mailservers]**. Wir setzen keine Zählpixel oder anderen Techniken ein, mit denen sich
    das Öffnen einer E-Mail verfolgen ließe. Rechtsgrundlage ist Art. 6 Abs. 1 Buchst. e
    DSGVO in Verbindung mit **[Bitte ergänzen: landesrechtliche Vorschrift]**.

    ### Server-Protokolle

    Bei jedem Aufruf der Plattform verarbeitet der Server automatisch: Ihre IP-Adresse,
    Datum und Uhrzeit, die aufgerufene Adresse, den Statuscode der Antwort, die übertragene
    Datenmenge und die Angaben Ihres Browsers zu Typ und Version (User-Agent)
    **[Bitte an die tatsächliche Konfiguration anpassen]**. Wir brauchen diese Daten, um
    die Plattform sicher zu betreiben, Fehler zu finden und Angriffe abzuwehren. Wir führen
    sie nicht mit anderen Daten zusammen. Die Protokolle werden nach höchstens
    **[Bitte prüfen: 7 Tagen]** gelöscht. Rechtsgrundlage ist Art. 6 Abs. 1 Buchst. e
    DSGVO in Verbindung mit **[Bitte ergänzen: landesrechtliche Vorschrift]**.

    ### Cookies

    Die Plattform setzt nur Cookies, die technisch notwendig sind:

    | Name | Zweck | Speicherdauer |
    |---|---|---|
    | `sessionid` | hält Sie nach der Anmeldung angemeldet | **[Bitte prüfen: 2 Wochen]** |
    | `csrftoken` | schützt vor gefälschten Anfragen (CSRF) | **[Bitte prüfen: 1 Jahr]** |
    | `django_language` | merkt sich die gewählte Sprache | bis zum Schließen des Browsers |

    Für diese Cookies ist keine Einwilligung nötig (§ 25 Abs. 2 Nr. 2
    Telekommunikation-Digitale-Dienste-Datenschutz-Gesetz, TDDDG). Wir verwenden keine
    Tracking- oder Analysewerkzeuge, keine Werbung, keine Social-Media-Plugins und laden
    keine Inhalte von fremden Servern (zum Beispiel Schriften oder Skripte). Deshalb gibt es
    auf dieser Plattform kein Cookie-Banner.

    ## Wer Ihre Daten erhält

    Innerhalb der Stadtverwaltung haben nur die Beschäftigten Zugriff, die eine Beteiligung
    betreuen oder die Plattform moderieren, und nur soweit sie die Daten für ihre Aufgabe
    brauchen. Der technische Betreiber **[Bitte ergänzen: Name]** verarbeitet Daten in
    unserem Auftrag und nach unseren Weisungen (Art. 28 DSGVO). Darüber hinaus geben wir
    Ihre Daten nur weiter, wenn wir gesetzlich dazu verpflichtet sind, zum Beispiel an
    Strafverfolgungsbehörden bei strafbaren Inhalten. Ihre öffentlichen Beiträge kann
    jede Person lesen.

    ## Hosting

    **[Bitte ergänzen: wo die Plattform betrieben wird, z. B. im Rechenzentrum der Stadt
    oder bei einem Dienstleister mit Sitz in Deutschland, sowie ob ein Vertrag zur
    Auftragsverarbeitung nach Art. 28 DSGVO besteht]**

    ## Keine Übermittlung in Drittländer

    Wir übermitteln Ihre Daten nicht in Länder außerhalb der Europäischen Union und des
    Europäischen Wirtschaftsraums. **[Bitte prüfen, ob dies für Hosting und E-Mail-Versand
    zutrifft.]**

    ## Speicherdauer und Löschung

    - **Benutzerkonto:** Wir speichern Ihr Konto, bis Sie es löschen. Sie können es
      jederzeit selbst unter [„Mein Konto“](/konto/mein-konto/) löschen. Dabei löschen wir
      sofort Ihre E-Mail-Adresse, Ihren Anzeigenamen, den Hashwert Ihres Passworts, Ihre
      Spracheinstellung, Ihre gespeicherten Einwilligungen und Ihre Anmeldesitzungen.
    - **Beiträge:** Ihre Kommentare und Antworten bleiben nach dem Löschen des Kontos
      stehen, damit die Diskussion und das Ergebnis der Beteiligung nachvollziehbar
      bleiben. Sie werden dann nicht mehr mit Ihrem Anzeigenamen, sondern als „gelöschtes
      Konto“ angezeigt. Wenn ein Beitrag selbst Angaben enthält, die auf Sie hinweisen, und
      Sie ihn entfernen lassen möchten, schreiben Sie uns bitte.
    - **Unbestätigte Registrierungen:** **[Bitte ergänzen: Frist, nach der Konten mit
      unbestätigter E-Mail-Adresse gelöscht werden]**
    - **Server-Protokolle:** höchstens **[Bitte prüfen: 7 Tage]**.
    - **Datensicherungen:** **[Bitte ergänzen: wie lange Sicherungskopien aufbewahrt
      werden, bevor gelöschte Daten auch dort verschwinden]**
    - **Archivierung:** **[Bitte ergänzen, falls zutreffend: Ergebnisse abgeschlossener
      Beteiligungen werden nach dem Landesarchivgesetz dem Stadtarchiv angeboten]**

    ## Ihre Rechte

    Sie haben gegenüber der Stadt folgende Rechte:

    - **Auskunft (Art. 15 DSGVO):** Unter [„Mein Konto“](/konto/mein-konto/) können Sie
      jederzeit alle Daten, die wir über Sie gespeichert haben, als JSON-Datei
      herunterladen. Sie können uns auch schriftlich um Auskunft bitten.
    - **Berichtigung (Art. 16 DSGVO):** Anzeigename, E-Mail-Adresse und Sprache können Sie
      unter „Mein Konto“ selbst ändern.
    - **Löschung (Art. 17 DSGVO):** Ihr Konto können Sie unter „Mein Konto“ selbst
      löschen; zu einzelnen Beiträgen siehe „Speicherdauer und Löschung“.
    - **Einschränkung der Verarbeitung (Art. 18 DSGVO).**
    - **Datenübertragbarkeit (Art. 20 DSGVO):** Die JSON-Datei aus „Mein Konto“ ist ein
      strukturiertes, gängiges und maschinenlesbares Format.
    - **Widerspruch (Art. 21 DSGVO):** Gegen eine Verarbeitung nach Art. 6 Abs. 1
      Buchst. e DSGVO können Sie aus Gründen, die sich aus Ihrer besonderen Situation
      ergeben, jederzeit Widerspruch einlegen.
    - **Widerruf der Einwilligung (Art. 7 Abs. 3 DSGVO):** Sie können eine Einwilligung
      jederzeit mit Wirkung für die Zukunft widerrufen, zum Beispiel indem Sie Ihr Konto
      löschen oder uns schreiben. Was bis zum Widerruf rechtmäßig verarbeitet wurde, bleibt
      rechtmäßig.
    - **Beschwerde (Art. 77 DSGVO):** Sie können sich bei einer
      Datenschutz-Aufsichtsbehörde beschweren. Zuständig für die Stadt ist
      **[Bitte ergänzen: die oder der Landesbeauftragte für den Datenschutz und die
      Informationsfreiheit Ihres Landes, mit Anschrift und Website]**.

    Um Ihre Rechte geltend zu machen, wenden Sie sich an die verantwortliche Stelle oder
    an die Datenschutzbeauftragte oder den Datenschutzbeauftragten (Kontakt siehe oben).

    ## Keine automatisierten Entscheidungen

    Wir treffen keine automatisierten Entscheidungen im Sinne von Art. 22 DSGVO und
    erstellen keine Profile. Über das Ausblenden eines Beitrags entscheiden Menschen.

    ## Freiwilligkeit

    Sie sind nicht verpflichtet, uns Daten zu geben. Ohne Benutzerkonto können Sie alle
    Inhalte lesen, aber keine Beiträge schreiben.

    ## Änderungen dieser Datenschutzerklärung

    Wenn wir diese Datenschutzerklärung wesentlich ändern, erhält sie eine neue
    Versionsnummer, und wir bitten Sie bei Ihrer nächsten Anmeldung, die neue Fassung zur
    Kenntnis zu nehmen.

    Stand: **[Bitte ergänzen: Datum]**, Version **[Bitte ergänzen: Versionsnummer]**
    """
)

_DATENSCHUTZ_EN = _md(
    """
    **Note for the city administration: This is a template. Please complete every marked
    place, adapt the legal bases to the law of your federal state, compare the details
    with the actual configuration of your server, and have the text checked by your data
    protection officer and your legal department before the platform goes live. Then
    delete this note.**

    This privacy notice informs you, in accordance with Art. 13 of the General Data
    Protection Regulation (GDPR, in German DSGVO), which personal data the city processes on
    this participation platform, for what purpose, and what rights you have.

    ## Controller

    **[To be completed: City of Musterstadt, represented by the Lord Mayor, address,
    telephone, email]**

    ## Data protection officer

    You can contact the city's data protection officer directly and confidentially with
    any question about data protection:

    **[To be completed: name or job title, address, email, telephone]**

    ## What this is about

    On this platform the city asks residents for their opinion, for example on guidelines
    (Leitlinien), on the list of planned projects (Vorhabenliste) or on the work of the
    participation advisory board (Beteiligungsbeirat). You can read all content without an
    account. In that case we only process the technical data that arises whenever a
    website is accessed (see “Server logs”). If you want to comment, reply or express
    agreement, you need an account.

    ## What data we process

    ### Your account

    - **Email address:** for signing in, for confirming your address, for resetting your
      password and for notifications. It is never shown publicly.
    - **Display name:** It appears publicly next to your contributions. You do not have to
      use your real name; a made-up name (pseudonym) is expressly allowed.
    - **Password:** We do not store it in plain text, only as a hash, that is, a checksum
      that cannot be reversed. Nobody at the city can read your password.
    - **Language:** whether you want to receive emails in German or English.
    - **Points in time:** when you registered and when you last signed in.

    The legal basis is Art. 6(1)(e) GDPR in conjunction with **[To be completed: Section 3
    of the state data protection act (Landesdatenschutzgesetz) or the corresponding
    provision of your federal state, possibly together with the provisions of the
    municipal code on resident participation]**.

    ### Consents and confirmations

    When you register, you accept the terms of use, confirm that you have read this
    privacy notice and, where applicable, that you have reached the minimum age. We store
    which text you agreed to, in which version (version number) and when. This lets us
    prove that consent was given (Art. 7(1) GDPR). The legal basis is Art. 6(1)(c) GDPR in
    conjunction with Art. 5(2) and Art. 7(1) GDPR.

    ### Your contributions

    We store your comments, replies and expressions of agreement together with the time
    and the part of the text they refer to. Comments and replies are **public**: anyone
    can read them with your display name and the date, even without an account. For
    expressions of agreement, the public can see **[Please check and complete: only their
    number, not who agreed]**. If you follow a consultation, we store this in order to
    inform you about news by email.

    **Special categories of personal data:** A contribution on a city topic may reveal your
    political opinion, sometimes also your religious beliefs, your health or other
    specially protected information within the meaning of Art. 9(1) GDPR. We process such
    information only with your explicit consent under Art. 9(2)(a) GDPR, which you give
    **[Please check and complete: when registering, or before submitting your first
    contribution]**. Please only write what you are willing to say in public.

    The legal basis for publishing and evaluating your contributions is your consent
    (Art. 6(1)(a) and Art. 9(2)(a) GDPR) as well as Art. 6(1)(e) GDPR in conjunction with
    **[To be completed: Section 3 of the state data protection act or the corresponding
    provision of your federal state]**. The city evaluates the contributions in order to
    improve its plans and gives a response (Rückmeldung) to every comment.

    ### Reports and moderation

    If you report a contribution, we store who reported it, when and for what reason. Only
    the people who moderate the platform can see this information; it is not published.
    If moderators hide a contribution, we store the reason and the time. The legal basis
    is Art. 6(1)(e) GDPR in conjunction with **[To be completed: provision of state
    law]**.

    ### Emails

    We send you emails to confirm your address, to reset your password, to inform you
    about security-relevant changes to your account (for example a new email address) and
    to notify you about responses and news on consultations you follow. The emails are sent
    via the city's own mail server: **[To be completed: operator of the mail server]**. We
    do not use tracking pixels or any other technique that would reveal whether you opened
    an email. The legal basis is Art. 6(1)(e) GDPR in conjunction with **[To be completed:
    provision of state law]**.

    ### Server logs

    Each time the platform is accessed, the server automatically processes: your IP
    address, date and time, the address requested, the status code of the response, the
    amount of data transferred and the information your browser sends about its type and
    version (user agent) **[Please adapt to the actual configuration]**. We need this data
    to operate the platform securely, to find errors and to fend off attacks. We do not
    combine it with other data. The logs are deleted after no more than **[Please check:
    7 days]**. The legal basis is Art. 6(1)(e) GDPR in conjunction with **[To be completed:
    provision of state law]**.

    ### Cookies

    The platform only sets cookies that are technically necessary:

    | Name | Purpose | Storage period |
    |---|---|---|
    | `sessionid` | keeps you signed in after you sign in | **[Please check: 2 weeks]** |
    | `csrftoken` | protects forms against forged requests (CSRF) | **[Please check: 1 year]** |
    | `django_language` | remembers the language you chose | until you close the browser |

    These cookies do not require consent (Section 25(2) no. 2 of the German
    Telecommunications Digital Services Data Protection Act, TDDDG). We use no tracking or
    analytics tools, no advertising, no social media plugins, and we do not load any
    content from third-party servers (for example fonts or scripts). That is why this
    platform has no cookie banner.

    ## Who receives your data

    Within the city administration, only the staff who run a consultation or moderate the
    platform have access, and only to the extent they need the data for their task. The
    technical operator **[To be completed: name]** processes data on our behalf and on our
    instructions (Art. 28 GDPR). Beyond that, we only pass on your data if we are legally
    obliged to do so, for example to law enforcement authorities in the case of criminal
    content. Anyone can read your public contributions.

    ## Hosting

    **[To be completed: where the platform is run, e.g. in the city's data centre or by a
    service provider based in Germany, and whether a data processing agreement under
    Art. 28 GDPR is in place]**

    ## No transfer to third countries

    We do not transfer your data to countries outside the European Union and the European
    Economic Area. **[Please check whether this applies to hosting and to sending
    emails.]**

    ## Retention and deletion

    - **Account:** We keep your account until you delete it. You can delete it yourself at
      any time under [“My account”](/konto/mein-konto/). We then immediately delete your
      email address, your display name, the hash of your password, your language setting,
      your stored consents and your sign-in sessions.
    - **Contributions:** Your comments and replies remain after your account has been
      deleted, so that the discussion and the result of the consultation remain
      understandable. They are then no longer shown with your display name but as “deleted
      account” (gelöschtes Konto). If a contribution itself contains details that point to
      you and you would like it removed, please write to us.
    - **Unconfirmed registrations:** **[To be completed: period after which accounts with
      an unconfirmed email address are deleted]**
    - **Server logs:** no more than **[Please check: 7 days]**.
    - **Backups:** **[To be completed: how long backup copies are kept before deleted data
      also disappears from them]**
    - **Archiving:** **[To be completed if applicable: results of completed consultations
      are offered to the city archive under the state archives act]**

    ## Your rights

    You have the following rights with respect to the city:

    - **Access (Art. 15 GDPR):** Under [“My account”](/konto/mein-konto/) you can download
      all data we have stored about you as a JSON file at any time. You can also ask us
      for this information in writing.
    - **Rectification (Art. 16 GDPR):** You can change your display name, email address and
      language yourself under “My account”.
    - **Erasure (Art. 17 GDPR):** You can delete your account yourself under “My account”;
      for individual contributions see “Retention and deletion”.
    - **Restriction of processing (Art. 18 GDPR).**
    - **Data portability (Art. 20 GDPR):** The JSON file from “My account” is a structured,
      commonly used and machine-readable format.
    - **Objection (Art. 21 GDPR):** You can object at any time, on grounds relating to your
      particular situation, to processing based on Art. 6(1)(e) GDPR.
    - **Withdrawal of consent (Art. 7(3) GDPR):** You can withdraw consent at any time with
      effect for the future, for example by deleting your account or by writing to us.
      Processing carried out lawfully before the withdrawal remains lawful.
    - **Complaint (Art. 77 GDPR):** You can lodge a complaint with a data protection
      supervisory authority. The authority responsible for the city is **[To be completed:
      the state commissioner for data protection and freedom of information
      (Landesbeauftragte/r für den Datenschutz) of your federal state, with address and
      website]**.

    To exercise your rights, please contact the controller or the data protection officer
    (contact details above).

    ## No automated decisions

    We do not make automated decisions within the meaning of Art. 22 GDPR and do not create
    profiles. Decisions to hide a contribution are made by people.

    ## Voluntary provision

    You are not obliged to give us any data. Without an account you can read all content,
    but you cannot write contributions.

    ## Changes to this privacy notice

    If we change this privacy notice substantially, it receives a new version number, and
    we will ask you to take note of the new version the next time you sign in.

    Last updated: **[To be completed: date]**, version **[To be completed: version
    number]**
    """
)


# --- Erklärung zur Barrierefreiheit -------------------------------------------------------

_BARRIEREFREIHEIT_DE = _md(
    """
    **Hinweis für die Stadtverwaltung: Dies ist eine Vorlage nach dem Muster der
    Europäischen Union (Durchführungsbeschluss (EU) 2018/1523). Bitte ergänzen Sie alle
    markierten Stellen mit den Ergebnissen Ihrer eigenen Prüfung, setzen Sie die für Ihr
    Land geltenden Vorschriften und Stellen ein und lassen Sie den Text vor der
    Freischaltung rechtlich prüfen. Entfernen Sie diesen Hinweis danach.**

    Die **[Bitte ergänzen: Stadt Musterstadt]** ist bemüht, ihre Websites und mobilen
    Anwendungen barrierefrei zugänglich zu machen. Rechtsgrundlage sind
    **[Bitte ergänzen: das Landesgesetz zur Gleichstellung von Menschen mit Behinderungen
    bzw. das entsprechende Gesetz Ihres Landes und die darin genannte Verordnung]** sowie
    die Barrierefreie-Informationstechnik-Verordnung (BITV 2.0). Maßstab sind die
    harmonisierte europäische Norm EN 301 549 und die darin enthaltenen Web Content
    Accessibility Guidelines (WCAG) 2.1 auf der Stufe AA.

    ## Geltungsbereich

    Diese Erklärung zur Barrierefreiheit gilt für die Beteiligungsplattform
    **[Bitte ergänzen: Adresse der Website, z. B. https://beteiligung.musterstadt.de]**.

    ## Stand der Vereinbarkeit mit den Anforderungen

    Diese Website ist mit den Anforderungen **teilweise vereinbar**.
    **[Bitte ergänzen: Ergebnis Ihrer eigenen Prüfung mit Datum. Schreiben Sie
    „vollständig vereinbar“ nur, wenn Ihre Prüfung das belegt.]**

    Die Software Stadtdialog wurde mit dem Ziel entwickelt, die WCAG 2.1 auf der Stufe AA
    zu erfüllen. Ihre Oberfläche wird während der Entwicklung automatisiert mit dem
    Prüfwerkzeug axe-core getestet. Die Inhalte, die die Stadt einstellt, müssen
    zusätzlich selbst barrierefrei gestaltet sein.

    ## Nicht barrierefreie Inhalte

    Die folgenden Inhalte sind nicht oder nicht vollständig barrierefrei:

    **[Bitte ergänzen: Liste der Mängel aus Ihrer Prüfung, jeweils mit dem betroffenen
    Prüfschritt, einer kurzen Begründung und, falls vorhanden, einer barrierefreien
    Alternative]**

    Bekannte Einschränkungen:

    - **PDF-Dokumente:** Dokumente, die Beschäftigte der Stadt als PDF hochladen (zum
      Beispiel Entwürfe, Pläne oder Protokolle), sind möglicherweise nicht alle
      barrierefrei, etwa weil Strukturinformationen, eine sinnvolle Lesereihenfolge oder
      Alternativtexte für Abbildungen fehlen. Die Texte, die zur Beteiligung stehen, finden
      Sie als HTML-Text direkt auf der Plattform. Auf Anfrage senden wir Ihnen ein
      Dokument in einer zugänglichen Form.
    - **Bilder:** Bei Bildern, die Beschäftigte einstellen, fehlt möglicherweise ein
      passender Alternativtext. **[Bitte prüfen]**
    - **Markdown-Editor im Verwaltungsbereich:** Der Editor, mit dem Beschäftigte Texte im
      Verwaltungsbereich schreiben, ist noch nicht vollständig auf Barrierefreiheit
      geprüft. Zum Beispiel wird die Vorschau Screenreadern möglicherweise nicht
      angekündigt. Dieser Bereich ist nur für Beschäftigte der Stadt zugänglich.
    - **Deutsche Gebärdensprache:** **[Bitte ergänzen: ob auf der Startseite Erklärungen in
      Deutscher Gebärdensprache angeboten werden. Falls nicht, führen Sie das hier auf.]**
      Erklärungen in Leichter Sprache finden Sie auf der Seite
      [Leichte Sprache](/seite/leichte-sprache/).
    - **Beiträge von Einwohnerinnen und Einwohnern:** Kommentare und Antworten schreiben
      die Teilnehmenden selbst. Auf ihre sprachliche Gestaltung hat die Stadt keinen
      Einfluss.

    ## Erstellung dieser Erklärung

    Diese Erklärung wurde am **[Bitte ergänzen: Datum]** erstellt und zuletzt am
    **[Bitte ergänzen: Datum]** überprüft.

    Grundlage ist eine Selbstbewertung durch **[Bitte ergänzen: zuständige Stelle der
    Stadtverwaltung]**, ergänzt durch automatisierte Tests mit dem Prüfwerkzeug axe-core.
    **[Optional ergänzen: Prüfung durch eine externe Prüfstelle, mit Name und Datum]**

    ## Feedback und Kontaktangaben

    Sind Ihnen Mängel beim barrierefreien Zugang zu Inhalten dieser Plattform aufgefallen?
    Oder brauchen Sie Informationen, die nicht barrierefrei sind, in einer zugänglichen
    Form? Dann wenden Sie sich bitte an:

    **[Bitte ergänzen: zuständige Stelle oder Ansprechperson, Anschrift, E-Mail-Adresse,
    Telefonnummer]**

    Wir antworten Ihnen **[Bitte ergänzen: Frist nach Landesrecht, z. B. innerhalb von
    sechs Wochen]**.

    ## Durchsetzungsverfahren

    Wenn Sie auf Ihre Rückmeldung keine oder keine zufriedenstellende Antwort erhalten
    haben, können Sie sich an die zuständige Durchsetzungs- bzw. Schlichtungsstelle
    wenden. Jedes Bundesland hat für die Behörden des Landes und der Kommunen eine eigene
    Durchsetzungsstelle und eine eigene Überwachungsstelle. Die Schlichtungsstelle beim
    Beauftragten der Bundesregierung ist nur für Stellen des Bundes zuständig.

    **[Bitte ergänzen: zuständige Stelle Ihres Landes mit Anschrift, Telefon, E-Mail und
    Website. Beispiel für Rheinland-Pfalz, bitte prüfen: die oder der Landesbeauftragte für
    die Belange von Menschen mit Behinderungen.]**
    """
)

_BARRIEREFREIHEIT_EN = _md(
    """
    **Note for the city administration: This is a template following the model of the
    European Union (Commission Implementing Decision (EU) 2018/1523). Please complete every
    marked place with the results of your own evaluation, insert the regulations and
    offices that apply in your federal state, and have the text legally checked before the
    platform goes live. Then delete this note.**

    **[To be completed: City of Musterstadt]** is committed to making its websites and
    mobile applications accessible. The legal basis is **[To be completed: the state act on
    equal opportunities for people with disabilities, or the corresponding act of your
    federal state, and the regulation it refers to]** as well as the German Accessible
    Information Technology Ordinance (BITV 2.0). The standard applied is the harmonised
    European standard EN 301 549 and the Web Content Accessibility Guidelines (WCAG) 2.1 at
    level AA that it contains.

    ## Scope

    This accessibility statement applies to the participation platform
    **[To be completed: address of the website, e.g. https://beteiligung.musterstadt.de]**.

    ## Compliance status

    This website is **partially compliant** with the requirements.
    **[To be completed: result of your own evaluation, with date. Only write “fully
    compliant” if your evaluation shows this.]**

    The Stadtdialog software was developed with the aim of meeting WCAG 2.1 at level AA.
    Its user interface is tested automatically with the axe-core testing tool during
    development. The content the city publishes must also be made accessible in its own
    right.

    ## Non-accessible content

    The following content is not accessible, or not fully accessible:

    **[To be completed: list of the shortcomings found in your evaluation, each with the
    success criterion concerned, a short explanation and, if available, an accessible
    alternative]**

    Known limitations:

    - **PDF documents:** Documents that city staff upload as PDF files (for example drafts,
      plans or minutes) may not all be accessible, for instance because structural
      information, a sensible reading order or text alternatives for images are missing.
      The texts under consultation are available as HTML text directly on the platform. On
      request, we will send you a document in an accessible form.
    - **Images:** Images that staff publish may lack a suitable text alternative.
      **[Please check]**
    - **Markdown editor in the staff area:** The editor that staff use to write texts in
      the administration area has not yet been fully tested for accessibility. For
      example, screen readers may not announce the preview. This area is only available to
      city staff.
    - **German Sign Language:** **[To be completed: whether explanations in German Sign
      Language are offered on the start page. If not, list this here.]** Explanations in
      easy-to-read language are available on the [easy-to-read page](/seite/leichte-sprache/).
    - **Contributions by residents:** Participants write comments and replies themselves.
      The city has no influence on how they are worded.

    ## Preparation of this statement

    This statement was prepared on **[To be completed: date]** and last reviewed on
    **[To be completed: date]**.

    It is based on a self-evaluation by **[To be completed: responsible department of the
    city administration]**, supplemented by automated tests with the axe-core testing tool.
    **[Optionally add: evaluation by an external testing body, with name and date]**

    ## Feedback and contact information

    Have you noticed any barriers to accessing the content of this platform? Or do you
    need information that is not accessible in an accessible form? Then please contact:

    **[To be completed: responsible office or contact person, address, email address,
    telephone number]**

    We will reply **[To be completed: deadline under state law, e.g. within six weeks]**.

    ## Enforcement procedure

    If you have received no answer, or no satisfactory answer, to your feedback, you can
    turn to the competent enforcement or conciliation body. Each federal state has its own
    enforcement body and its own monitoring body for the authorities of the state and its
    municipalities. The conciliation body at the Federal Government Commissioner is only
    responsible for federal bodies.

    **[To be completed: the competent body of your federal state, with address, telephone,
    email and website. Example for Rhineland-Palatinate, please check: the State
    Commissioner for the Concerns of People with Disabilities (Landesbeauftragte/r für die
    Belange von Menschen mit Behinderungen).]**
    """
)


# --- Leichte Sprache --------------------------------------------------------------------

_LEICHTE_SPRACHE_DE = _md(
    """
    **Hinweis für die Stadtverwaltung: Dies ist eine Vorlage. Bitte ergänzen Sie alle
    markierten Stellen. Lassen Sie den Text vor der Freischaltung von einer Prüfgruppe mit
    Menschen mit Lernschwierigkeiten prüfen, wie es die Regeln des Netzwerks Leichte
    Sprache vorsehen, und lassen Sie ihn rechtlich prüfen. Entfernen Sie diesen Hinweis
    danach.**

    ## Was ist Stadtdialog?

    Stadtdialog ist eine Internet·seite.

    Die Internet·seite gehört der Stadt **[Bitte ergänzen: Name der Stadt]**.

    Die Stadt plant viele Dinge.

    Zum Beispiel: einen neuen Spiel·platz.

    Die Stadt will wissen: Was denken Sie darüber?

    Hier können Sie Ihre Meinung sagen.

    Das schwere Wort dafür ist: Beteiligung.

    ## Was können Sie hier machen?

    **Texte lesen**

    Die Stadt schreibt Texte.

    Manche Texte heißen: Leitlinien.

    Leitlinien sind Regeln.

    Die Regeln sagen: So arbeiten die Stadt und die Menschen in der Stadt zusammen.

    **Ihre Meinung schreiben**

    Sie können zu einem Text Ihre Meinung schreiben.

    Das heißt: Kommentar.

    Ein Kommentar kann zu einem Teil vom Text sein.

    Zum Beispiel: zu einem Absatz.

    Sie können auf einen Kommentar antworten.

    Finden Sie einen Kommentar gut?

    Dann können Sie das zeigen.

    Das heißt: Zustimmung.

    **Die Vorhaben·liste lesen**

    Ein Vorhaben ist ein Plan von der Stadt.

    Zum Beispiel: Die Stadt will eine Straße neu bauen.

    Die Vorhaben·liste ist eine Liste.

    Dort stehen die Pläne von der Stadt.

    **Den Beteiligungs·beirat kennen·lernen**

    Der Beteiligungs·beirat ist eine Gruppe von Menschen.

    Die Gruppe gibt der Stadt Rat·schläge.

    Zum Beispiel: Wie können viele Menschen gut mitmachen?

    Auf der Internet·seite steht: Wer ist in der Gruppe?

    Und: Was macht die Gruppe?

    ## Wie machen Sie mit?

    Lesen können Sie immer.

    Zum Schreiben brauchen Sie ein Konto.

    Ein Konto ist Ihr eigener Zugang zur Internet·seite.

    Für ein Konto brauchen Sie eine E-Mail-Adresse.

    Sie müssen mindestens **[Bitte ergänzen: Mindestalter, z. B. 14]** Jahre alt sein.

    So bekommen Sie ein Konto:

    1. Klicken Sie auf: Registrieren.
    2. Schreiben Sie Ihre E-Mail-Adresse auf.
    3. Suchen Sie sich einen Namen aus.
    4. Denken Sie sich ein Pass·wort aus. Ein Pass·wort ist ein geheimes Wort. Nur Sie
       kennen das Pass·wort.
    5. Lesen Sie die Regeln. Stimmen Sie den Regeln zu.
    6. Sie bekommen eine E-Mail. In der E-Mail ist ein Link. Klicken Sie auf den Link.

    Jetzt können Sie mitmachen.

    ## Wer sieht meinen Beitrag?

    Ein Beitrag ist: ein Kommentar oder eine Antwort.

    Alle Menschen können Ihren Beitrag lesen.

    Bei Ihrem Beitrag steht ein Name.

    Den Namen suchen Sie selbst aus.

    Sie können sich einen Namen ausdenken.

    Zum Beispiel: Sonnen·blume.

    Ihre E-Mail-Adresse ist geheim.

    Nur die Stadt kennt Ihre E-Mail-Adresse.

    **Die Stadt antwortet Ihnen**

    Die Stadt liest jeden Kommentar.

    Die Stadt antwortet auf jeden Kommentar.

    Die Antwort heißt: Rückmeldung.

    **Es gibt Regeln**

    Bitte schreiben Sie freundlich.

    Beleidigen Sie keine anderen Menschen.

    Manche Beiträge verstoßen gegen die Regeln.

    Dann blendet die Stadt den Beitrag aus.

    Das heißt: Niemand kann den Beitrag mehr lesen.

    Dort steht dann: ausgeblendet.

    Und dort steht auch der Grund dafür.

    Die Regeln stehen in den [Nutzungs·bedingungen](/seite/nutzungsbedingungen/).

    **Ihr Konto löschen**

    Sie können Ihr Konto immer löschen.

    Das geht bei: [Mein Konto](/konto/mein-konto/).

    Dann sind Ihre Daten weg.

    Ihre Beiträge bleiben da.

    Aber Ihr Name steht nicht mehr dabei.

    Dort steht dann: gelöschtes Konto.

    ## Wer hilft Ihnen?

    Haben Sie eine Frage?

    Dann fragen Sie uns.

    Sie erreichen uns so:

    - Name: **[Bitte ergänzen: Name der Ansprech·person]**
    - Telefon: **[Bitte ergänzen: Telefon·nummer]**
    - E-Mail: **[Bitte ergänzen: E-Mail-Adresse]**
    - Adresse: **[Bitte ergänzen: Straße, Haus·nummer, Post·leit·zahl und Ort]**

    Sie können auch eine Person mitbringen.

    Die Person kann Ihnen helfen.
    """
)

_LEICHTE_SPRACHE_EN = _md(
    """
    **Note for the city administration: This is a template. Please complete every marked
    place. Before the platform goes live, have the German text checked by a review group of
    people with learning difficulties, as the rules of the Netzwerk Leichte Sprache
    require, and have it legally checked. Then delete this note.**

    ## What is Stadtdialog?

    Stadtdialog is a website.

    The website belongs to the city of **[To be completed: name of the city]**.

    The city plans many things.

    For example: a new playground.

    The city wants to know: What do you think about it?

    Here you can give your opinion.

    The difficult word for this is: participation.

    ## What can you do here?

    **Read texts**

    The city writes texts.

    Some texts are called: guidelines.

    Guidelines are rules.

    The rules say: This is how the city and the people in the city work together.

    **Write your opinion**

    You can write your opinion on a text.

    This is called: a comment.

    A comment can be about one part of the text.

    For example: about one paragraph.

    You can reply to a comment.

    Do you like a comment?

    Then you can show it.

    This is called: agreement.

    **Read the list of plans**

    A plan of the city is called a project.

    For example: The city wants to rebuild a street.

    The list of plans is a list.

    It shows the plans of the city.

    In German it is called: Vorhabenliste.

    **Get to know the advisory board**

    The advisory board is a group of people.

    The group gives the city advice.

    For example: How can many people take part well?

    On the website you can read: Who is in the group?

    And: What does the group do?

    In German it is called: Beteiligungsbeirat.

    ## How do you take part?

    You can always read.

    To write, you need an account.

    An account is your own access to the website.

    For an account you need an email address.

    You must be at least **[To be completed: minimum age, e.g. 14]** years old.

    This is how you get an account:

    1. Click on: Sign up.
    2. Write down your email address.
    3. Choose a name.
    4. Think of a password. A password is a secret word. Only you know the password.
    5. Read the rules. Agree to the rules.
    6. You get an email. The email has a link in it. Click on the link.

    Now you can take part.

    ## Who sees my contribution?

    A contribution is: a comment or a reply.

    Everybody can read your contribution.

    A name is shown next to your contribution.

    You choose this name yourself.

    You can make up a name.

    For example: Sunflower.

    Your email address is secret.

    Only the city knows your email address.

    **The city answers you**

    The city reads every comment.

    The city answers every comment.

    The answer is called: feedback.

    **There are rules**

    Please write in a friendly way.

    Do not insult other people.

    Some contributions break the rules.

    Then the city hides the contribution.

    This means: Nobody can read the contribution anymore.

    Instead it says: hidden.

    It also says why.

    The rules are in the [terms of use](/seite/nutzungsbedingungen/).

    **Delete your account**

    You can always delete your account.

    You can do this at: [My account](/konto/mein-konto/).

    Then your data is gone.

    Your contributions stay.

    But your name is not shown anymore.

    Instead it says: deleted account.

    ## Who helps you?

    Do you have a question?

    Then ask us.

    This is how you can reach us:

    - Name: **[To be completed: name of the contact person]**
    - Telephone: **[To be completed: telephone number]**
    - Email: **[To be completed: email address]**
    - Address: **[To be completed: street, house number, postcode and town]**

    You can also bring a person with you.

    This person can help you.
    """
)


# --- Nutzungsbedingungen ----------------------------------------------------------------

_NUTZUNGSBEDINGUNGEN_DE = _md(
    """
    **Hinweis für die Stadtverwaltung: Dies ist eine Vorlage. Bitte ergänzen Sie alle
    markierten Stellen, entscheiden Sie über die offenen Punkte (zum Beispiel Mindestalter
    und Lizenz der Beiträge) und lassen Sie den Text vor der Freischaltung rechtlich prüfen.
    Prüfen Sie dabei auch, welche Pflichten sich für die Plattform aus dem Gesetz über
    digitale Dienste der EU (Digital Services Act) ergeben. Entfernen Sie diesen Hinweis
    danach.**

    ## Zweck der Plattform

    Auf dieser Plattform beteiligt die **[Bitte ergänzen: Stadt Musterstadt]** ihre
    Einwohnerinnen und Einwohner an Vorhaben und Leitlinien der Stadt. Sie können Texte
    lesen, einzelne Abschnitte kommentieren, auf Kommentare antworten und Kommentaren
    zustimmen. Die Beteiligung ist freiwillig und kostenlos. Diese Nutzungsbedingungen
    regeln, wie die Plattform genutzt wird und wie die Stadt moderiert.

    Die Beteiligung auf dieser Plattform ist informell. Sie ersetzt keine gesetzlich
    vorgeschriebenen Beteiligungsverfahren, zum Beispiel in der Bauleitplanung, und keine
    förmlichen Anträge, Widersprüche oder Beschwerden an die Stadtverwaltung.

    ## Wer teilnehmen kann

    Lesen kann jede Person ohne Anmeldung. Für Beiträge brauchen Sie ein Benutzerkonto.
    Ein Konto kann jede Person anlegen, die mindestens **[Bitte ergänzen: Mindestalter,
    z. B. 14]** Jahre alt ist. Das Alter bestätigen Sie bei der Registrierung. Sie müssen
    nicht in der Stadt wohnen. **[Bitte prüfen: ob die Teilnahme auf Einwohnerinnen und
    Einwohner beschränkt sein soll]**

    ## Ihr Benutzerkonto

    - Jede Person darf nur ein Konto haben.
    - Sie melden sich mit Ihrer E-Mail-Adresse an und müssen diese Adresse bestätigen,
      bevor Sie Beiträge schreiben können.
    - Halten Sie Ihr Passwort geheim. Für Beiträge aus Ihrem Konto sind Sie
      verantwortlich.

    Ihr **Anzeigename** erscheint öffentlich bei Ihren Beiträgen. Ein Fantasiename ist
    erlaubt. Der Anzeigename muss 3 bis 40 Zeichen lang sein, und jeder Name kann nur
    einmal vergeben werden. Nicht erlaubt sind Anzeigenamen, die

    - den Eindruck erwecken, Sie seien eine andere reale Person, die Stadt, ein Amt, eine
      Mitarbeiterin oder ein Mitarbeiter der Stadt oder eine Organisation;
    - eine E-Mail-Adresse, Telefonnummer oder Anschrift enthalten;
    - andere Menschen beleidigen oder herabwürdigen oder Werbung enthalten.

    Verstößt ein Anzeigename gegen diese Regeln, kann die Stadt Sie bitten, ihn zu ändern,
    oder ihn durch einen neutralen Namen ersetzen.

    ## Regeln für Beiträge

    Diese Plattform lebt von einem fairen Austausch. Bitte bleiben Sie sachlich und
    respektvoll, auch wenn Sie anderer Meinung sind. Kritisieren Sie Ideen, nicht
    Menschen. Bleiben Sie beim Thema der jeweiligen Beteiligung.

    Nicht erlaubt sind insbesondere:

    - Beleidigungen, Herabwürdigungen und Bedrohungen;
    - Diskriminierung, zum Beispiel wegen Herkunft, Hautfarbe, Geschlecht, sexueller
      Identität, Religion, Weltanschauung, Behinderung oder Alter;
    - persönliche Daten anderer Menschen, zum Beispiel Namen von Privatpersonen,
      Anschriften, Telefonnummern oder Fotos;
    - Werbung für Produkte, Dienstleistungen oder Parteien sowie Spam;
    - Beiträge ohne Bezug zum Thema der Beteiligung und massenhaft wiederholte Beiträge;
    - Inhalte, die Urheberrechte oder andere Rechte Dritter verletzen, zum Beispiel
      lange Zitate oder fremde Bilder ohne Erlaubnis;
    - sonstige rechtswidrige Inhalte, zum Beispiel Volksverhetzung oder Aufrufe zu
      Straftaten.

    ## Moderationsgründe

    Wenn die Moderation einen Beitrag ausblendet, nennt sie einen der folgenden Gründe mit
    seiner Nummer.

    ### 1. Beleidigung oder Herabwürdigung {#grund-1}

    Der Beitrag beleidigt, verspottet, bedroht oder würdigt andere Menschen herab, auch
    Beschäftigte der Stadt oder Mitglieder von Gremien.

    ### 2. Diskriminierung {#grund-2}

    Der Beitrag benachteiligt oder verunglimpft Menschen wegen ihrer Herkunft, Hautfarbe,
    ihres Geschlechts, ihrer sexuellen Identität, Religion, Weltanschauung, Behinderung,
    ihres Alters oder eines ähnlichen Merkmals.

    ### 3. Persönliche Daten Dritter {#grund-3}

    Der Beitrag enthält personenbezogene Daten anderer Menschen, die nicht öffentlich
    bekannt sein sollen, zum Beispiel Namen von Privatpersonen, Anschriften,
    Telefonnummern, E-Mail-Adressen oder Fotos.

    ### 4. Werbung oder Spam {#grund-4}

    Der Beitrag wirbt für Produkte, Dienstleistungen, Unternehmen oder Parteien, oder er
    wiederholt denselben Inhalt mehrfach.

    ### 5. Kein Bezug zum Thema {#grund-5}

    Der Beitrag hat nichts mit dem Text oder dem Thema der Beteiligung zu tun.

    ### 6. Rechtswidrige Inhalte {#grund-6}

    Der Beitrag verstößt gegen geltendes Recht, zum Beispiel gegen das Strafrecht, das
    Urheberrecht oder das Persönlichkeitsrecht anderer Menschen.

    ## Moderation

    - **Vor- oder Nachmoderation:** Für jede Beteiligung legt die Stadt fest, ob Beiträge
      erst nach einer Prüfung erscheinen (Vormoderation) oder sofort erscheinen und danach
      geprüft werden (Nachmoderation). Welches Verfahren gilt, steht bei der jeweiligen
      Beteiligung.
    - **Melden:** Alle angemeldeten Teilnehmenden können Beiträge melden, die ihrer Meinung
      nach gegen diese Regeln verstoßen. Die Moderation prüft jede Meldung.
    - **Ausblenden:** Die Moderation verändert keine Beiträge. Verstößt ein Beitrag gegen
      diese Regeln, blendet sie ihn aus. An seiner Stelle steht dann „ausgeblendet“ mit
      dem Moderationsgrund, damit die Diskussion nachvollziehbar bleibt.
    - **Begründung und Einspruch:** Wird Ihr Beitrag ausgeblendet oder nach Meldungen
      automatisch zurückgehalten, erhalten Sie eine E-Mail mit der Begründung: die
      Entscheidung, die Regel, auf der sie beruht, und ob sie automatisiert getroffen
      wurde. Meinen Sie, dass die Entscheidung falsch ist, können Sie innerhalb von sechs
      Monaten über den Link in dieser E-Mail oder unter „Mein Konto“ →
      „Moderationsentscheidungen zu meinen Kommentaren“ Einspruch einlegen. Ein Mensch aus
      dem Moderationsteam prüft die Entscheidung dann erneut und antwortet Ihnen per
      E-Mail. Ihr Recht, den Rechtsweg zu beschreiten, bleibt unberührt.
    - **Sperrung:** Bei schweren oder wiederholten Verstößen kann die Stadt ein Konto
      vorübergehend oder dauerhaft sperren.
    - **Strafbare Inhalte:** Bei strafbaren Inhalten kann die Stadt Anzeige erstatten.

    ## Rechte an Ihren Beiträgen

    Sie behalten die Rechte an Ihren Beiträgen. Sie versichern, dass Sie die Beiträge
    selbst verfasst haben oder sie veröffentlichen dürfen.

    Mit dem Absenden eines Beitrags räumen Sie der Stadt das einfache, zeitlich und
    räumlich unbeschränkte und unentgeltliche Recht ein, den Beitrag auf dieser Plattform
    zu veröffentlichen, ihn auszuwerten, zusammenzufassen und in Berichten und Dokumentationen
    zur Beteiligung zu zitieren, jeweils mit Ihrem Anzeigenamen.

    **[Bitte entscheiden und ergänzen: ob Beiträge zusätzlich unter einer freien Lizenz
    stehen sollen, zum Beispiel Creative Commons Namensnennung 4.0 International
    (CC BY 4.0). Dann dürfte jede Person die Beiträge unter Nennung des Anzeigenamens
    weiterverwenden.]**

    ## Rückmeldung der Stadt

    Es besteht kein Rechtsanspruch darauf, dass ein Vorschlag umgesetzt oder in einer
    bestimmten Weise berücksichtigt wird. Entscheidungen trifft weiterhin der Stadtrat
    bzw. die Stadtverwaltung im Rahmen ihrer Zuständigkeiten. Die Stadt liest aber jeden
    Kommentar und gibt zu jedem Kommentar eine öffentliche Rückmeldung, in der sie erklärt,
    ob und wie sie den Kommentar berücksichtigt.

    ## Haftung

    Für den Inhalt eines Beitrags ist die Person verantwortlich, die ihn geschrieben hat.
    Die Stadt bemüht sich, die Plattform ohne Unterbrechungen anzubieten, kann das aber
    nicht garantieren, etwa bei Wartungsarbeiten oder technischen Störungen. Im Übrigen
    haftet die Stadt nach den gesetzlichen Vorschriften. **[Bitte rechtlich prüfen]**

    ## Ende der Teilnahme

    Sie können Ihr Konto jederzeit unter [„Mein Konto“](/konto/mein-konto/) löschen. Ihre
    Beiträge bleiben dann stehen und werden als „gelöschtes Konto“ angezeigt. Näheres
    steht in der [Datenschutzerklärung](/seite/datenschutz/).

    ## Änderungen dieser Nutzungsbedingungen

    Die Stadt kann diese Nutzungsbedingungen ändern. Jede wesentliche Änderung erhält eine
    neue Versionsnummer. Bei Ihrer nächsten Anmeldung bitten wir Sie, der neuen Fassung
    zuzustimmen. Wenn Sie nicht zustimmen möchten, können Sie Ihr Konto löschen.

    ## Kontakt

    Fragen zu diesen Nutzungsbedingungen und zur Moderation richten Sie bitte an:
    **[Bitte ergänzen: zuständige Stelle, E-Mail-Adresse, Telefonnummer, Anschrift]**

    Stand: **[Bitte ergänzen: Datum]**, Version **[Bitte ergänzen: Versionsnummer]**
    """
)

_NUTZUNGSBEDINGUNGEN_EN = _md(
    """
    **Note for the city administration: This is a template. Please complete every marked
    place, decide on the open points (for example the minimum age and the licence of
    contributions), and have the text legally checked before the platform goes live. Please
    also check which obligations arise for the platform from the EU Digital Services Act.
    Then delete this note.**

    ## Purpose of the platform

    On this platform, **[To be completed: the City of Musterstadt]** involves its residents
    in the city's projects and guidelines. You can read texts, comment on individual
    sections, reply to comments and express agreement with comments. Taking part is
    voluntary and free of charge. These terms of use govern how the platform is used and
    how the city moderates it.

    Participation on this platform is informal. It does not replace participation
    procedures required by law, for example in urban land-use planning, nor formal
    applications, objections or complaints to the city administration.

    ## Who can take part

    Anyone can read without signing in. To contribute, you need an account. Anyone who is
    at least **[To be completed: minimum age, e.g. 14]** years old can create an account.
    You confirm your age when you register. You do not have to live in the city.
    **[Please check: whether participation should be limited to residents]**

    ## Your account

    - Each person may only have one account.
    - You sign in with your email address and must confirm this address before you can
      write contributions.
    - Keep your password secret. You are responsible for contributions made from your
      account.

    Your **display name** appears publicly next to your contributions. A made-up name is
    allowed. The display name must be 3 to 40 characters long, and each name can only be
    taken once. Display names are not allowed if they

    - give the impression that you are another real person, the city, a municipal office,
      a member of city staff or an organisation;
    - contain an email address, telephone number or postal address;
    - insult or degrade other people or contain advertising.

    If a display name breaks these rules, the city may ask you to change it or replace it
    with a neutral name.

    ## Rules for contributions

    This platform depends on a fair exchange. Please stay factual and respectful, even if
    you disagree. Criticise ideas, not people. Stay on the topic of the consultation.

    In particular, the following are not allowed:

    - insults, degrading remarks and threats;
    - discrimination, for example on grounds of origin, skin colour, gender, sexual
      identity, religion, belief, disability or age;
    - personal data of other people, for example names of private individuals, addresses,
      telephone numbers or photos;
    - advertising for products, services or political parties, and spam;
    - contributions unrelated to the topic of the consultation, and contributions repeated
      many times;
    - content that infringes copyright or other rights of third parties, for example long
      quotations or other people's images without permission;
    - any other unlawful content, for example incitement to hatred or calls to commit
      crimes.

    ## Moderation reasons

    When moderators hide a contribution, they state one of the following reasons with its
    number.

    ### 1. Insults or degrading remarks {#grund-1}

    The contribution insults, mocks, threatens or degrades other people, including city
    staff or members of committees.

    ### 2. Discrimination {#grund-2}

    The contribution disparages or discriminates against people because of their origin,
    skin colour, gender, sexual identity, religion, belief, disability, age or a similar
    characteristic.

    ### 3. Personal data of others {#grund-3}

    The contribution contains personal data of other people that is not meant to be public,
    for example names of private individuals, addresses, telephone numbers, email addresses
    or photos.

    ### 4. Advertising or spam {#grund-4}

    The contribution advertises products, services, companies or political parties, or it
    repeats the same content several times.

    ### 5. Off topic {#grund-5}

    The contribution has nothing to do with the text or the topic of the consultation.

    ### 6. Unlawful content {#grund-6}

    The contribution violates applicable law, for example criminal law, copyright law or
    the personal rights of other people.

    ## Moderation

    - **Pre- or post-moderation:** For each consultation the city decides whether
      contributions only appear after they have been checked (pre-moderation) or appear
      immediately and are checked afterwards (post-moderation). Which procedure applies is
      stated with each consultation.
    - **Reporting:** All signed-in participants can report contributions that they believe
      break these rules. Moderators check every report.
    - **Hiding:** Moderators do not edit contributions. If a contribution breaks these
      rules, they hide it. In its place, “hidden” (ausgeblendet) is shown together with the
      moderation reason, so that the discussion remains understandable.
    - **Reasons and objections:** If your contribution is hidden, or held automatically
      after reports, you receive an email with the reasons: the decision, the rule it rests
      on, and whether it was taken by automated means. If you think the decision is wrong,
      you can object within six months through the link in that email or under
      “My account” → “Moderation decisions on my comments”. A person of the moderation team
      then reviews the decision again and answers you by email. Your right to take legal
      action remains unaffected.
    - **Suspension:** In the case of serious or repeated violations, the city may suspend
      an account temporarily or permanently.
    - **Criminal content:** In the case of criminal content, the city may report it to the
      police or the public prosecutor.

    ## Rights to your contributions

    You keep the rights to your contributions. You confirm that you wrote the
    contributions yourself or are allowed to publish them.

    By submitting a contribution, you grant the city the non-exclusive, free-of-charge
    right, unlimited in time and place, to publish it on this platform, to evaluate and
    summarise it, and to quote it in reports and documentation of the consultation, in
    each case with your display name.

    **[Please decide and complete: whether contributions should additionally be published
    under a free licence, for example Creative Commons Attribution 4.0 International
    (CC BY 4.0). Anyone could then reuse the contributions, naming the display name.]**

    ## Response from the city

    There is no legal right to have a suggestion implemented or taken into account in a
    particular way. Decisions are still made by the city council or the city
    administration within their responsibilities. However, the city reads every comment
    and gives a public response (Rückmeldung) to each one, explaining whether and how it
    takes the comment into account.

    ## Liability

    The person who wrote a contribution is responsible for its content. The city strives
    to offer the platform without interruption but cannot guarantee this, for example
    during maintenance or technical faults. Otherwise, the city is liable in accordance
    with the statutory provisions. **[Please check legally]**

    ## End of participation

    You can delete your account at any time under [“My account”](/konto/mein-konto/). Your
    contributions then remain and are shown as “deleted account”. For details, see the
    [privacy notice](/seite/datenschutz/).

    ## Changes to these terms of use

    The city may change these terms of use. Each substantial change receives a new version
    number. The next time you sign in, we will ask you to agree to the new version. If you
    do not wish to agree, you can delete your account.

    ## Contact

    Please send questions about these terms of use and about moderation to:
    **[To be completed: responsible office, email address, telephone number, address]**

    Last updated: **[To be completed: date]**, version **[To be completed: version
    number]**
    """
)


PAGE_TEMPLATES: dict[str, dict[str, str]] = {
    "impressum": {
        "title": "Impressum",
        "body": _IMPRESSUM_DE,
        "title_en": "Legal notice",
        "body_en": _IMPRESSUM_EN,
    },
    "datenschutz": {
        "title": "Datenschutzerklärung",
        "body": _DATENSCHUTZ_DE,
        "title_en": "Privacy notice",
        "body_en": _DATENSCHUTZ_EN,
    },
    "barrierefreiheit": {
        "title": "Erklärung zur Barrierefreiheit",
        "body": _BARRIEREFREIHEIT_DE,
        "title_en": "Accessibility statement",
        "body_en": _BARRIEREFREIHEIT_EN,
    },
    "leichte-sprache": {
        "title": "Leichte Sprache",
        "body": _LEICHTE_SPRACHE_DE,
        "title_en": "Easy-to-read information",
        "body_en": _LEICHTE_SPRACHE_EN,
    },
    "nutzungsbedingungen": {
        "title": "Nutzungsbedingungen",
        "body": _NUTZUNGSBEDINGUNGEN_DE,
        "title_en": "Terms of use",
        "body_en": _NUTZUNGSBEDINGUNGEN_EN,
    },
}


# Short easy-to-read text for the start page: plain text, one sentence per line.
HOME_EASY_LANGUAGE_SUMMARY = {
    "de": (
        "Die Stadt will wissen: Was denken Sie?\n"
        "Hier können Sie Texte von der Stadt lesen.\n"
        "Sie können Ihre Meinung zu den Texten schreiben.\n"
        "Die Stadt liest jeden Kommentar.\n"
        "Die Stadt antwortet auf jeden Kommentar.\n"
        "Zum Schreiben brauchen Sie ein Konto mit einer E-Mail-Adresse."
    ),
    "en": (
        "The city wants to know: What do you think?\n"
        "Here you can read texts from the city.\n"
        "You can write your opinion on the texts.\n"
        "The city reads every comment.\n"
        "The city answers every comment.\n"
        "To write, you need an account with an email address."
    ),
}
