//! The widget's words in the shop's language. A shop sets any text in `shop.toml` `[widget]`;
//! what it leaves out comes from here for German, French, Spanish, Dutch and Italian shops,
//! and from the English text at the call site otherwise. Placeholders (`{time}`, `{dates}`,
//! `{country}`, `{date}`, `{n}`) are kept as they are.

use crate::text::Lang;

type Table = &'static [(&'static str, &'static str)];

const DE: Table = &[
    ("widget.title", "Fragen? Fragen Sie uns"),
    (
        "widget.placeholder",
        "Fragen zu Lieferung, Rückgabe, Größen…",
    ),
    (
        "widget.no_answer",
        "Dazu haben wir noch keine Antwort. Schreiben Sie uns:",
    ),
    ("widget.helpful", "Hat Ihnen diese Antwort geholfen?"),
    ("widget.yes", "Ja"),
    ("widget.no", "Nein"),
    ("widget.thanks", "Danke für Ihre Rückmeldung."),
    ("widget.launcher", "Fragen?"),
    (
        "widget.product_title",
        "Lieferung und Fragen zu diesem Produkt",
    ),
    ("widget.order_title", "Zu Ihrer Bestellung"),
    ("widget.delivery_title", "Lieferung"),
    (
        "widget.delivery_countdown",
        "Bestellen Sie innerhalb von {time}, Lieferung {dates}",
    ),
    (
        "widget.delivery_arrives",
        "Jetzt bestellen, Lieferung {dates}",
    ),
    (
        "widget.delivery_estimate",
        "Voraussichtliche Lieferung: {dates}",
    ),
    ("widget.delivery_expected", "Erwartete Lieferung: {dates}"),
    ("widget.delivery_to", "Lieferung nach {country}"),
    ("widget.delivery_change", "ändern"),
    ("widget.delivery_choose", "Land wählen"),
    ("widget.delivery_country", "Land"),
    ("widget.delivery_postcode", "Postleitzahl (optional)"),
    (
        "widget.delivery_not_served",
        "Nach {country} liefern wir noch nicht.",
    ),
    (
        "widget.delivery_unavailable",
        "Liefertermine können gerade nicht angezeigt werden; siehe unsere Versandinformationen.",
    ),
    (
        "widget.delivery_christmas",
        "Bestellen Sie bis {date} für eine Lieferung vor Weihnachten",
    ),
    ("widget.ask_product", "Eine Frage zu diesem Produkt stellen"),
    ("widget.contact_button", "Noch Fragen? Schreiben Sie uns"),
    ("widget.contact_title", "Kontakt"),
    ("widget.contact_submit", "Nachricht senden"),
    ("widget.contact_sending", "Wird gesendet…"),
    (
        "widget.contact_sent",
        "Gesendet – wir antworten so bald wie möglich per E-Mail.",
    ),
    (
        "widget.contact_saved",
        "Gespeichert; wird gesendet, sobald Sie wieder online sind.",
    ),
    (
        "widget.contact_retrying",
        "Gespeichert – wir versuchen es weiter.",
    ),
    (
        "widget.contact_failed",
        "Ihre Nachricht konnte nicht gesendet werden:",
    ),
    (
        "widget.contact_invalid",
        "Bitte korrigieren Sie die markierten Felder.",
    ),
    ("widget.contact_field_name", "Ihr Name"),
    ("widget.contact_field_email", "E-Mail"),
    (
        "widget.contact_field_order_number",
        "Bestellnummer (optional)",
    ),
    ("widget.contact_field_message", "Wie können wir helfen?"),
    ("widget.error_tick", "Bitte kreuzen Sie dieses Feld an."),
    ("widget.error_required", "Bitte füllen Sie dieses Feld aus."),
    (
        "widget.error_email",
        "Geben Sie eine E-Mail-Adresse wie name@example.com ein.",
    ),
    ("widget.error_min", "Geben Sie mindestens {n} Zeichen ein."),
    ("widget.error_max", "Geben Sie höchstens {n} Zeichen ein."),
    ("widget.error_pattern", "Bitte prüfen Sie das Format."),
    ("widget.error_choice", "Wählen Sie eine der Optionen."),
];

const FR: Table = &[
    ("widget.title", "Des questions ? Demandez-nous"),
    ("widget.placeholder", "Livraison, retours, tailles…"),
    ("widget.no_answer", "Nous n'avons pas encore de réponse à cela. Écrivez-nous :"),
    ("widget.helpful", "Cette réponse vous a-t-elle aidé ?"),
    ("widget.yes", "Oui"),
    ("widget.no", "Non"),
    ("widget.thanks", "Merci pour votre retour."),
    ("widget.launcher", "Des questions ?"),
    ("widget.product_title", "Livraison et questions sur ce produit"),
    ("widget.order_title", "À propos de votre commande"),
    ("widget.delivery_title", "Livraison"),
    ("widget.delivery_countdown", "Commandez d'ici {time} pour être livré {dates}"),
    ("widget.delivery_arrives", "Commandez maintenant pour être livré {dates}"),
    ("widget.delivery_estimate", "Livraison estimée : {dates}"),
    ("widget.delivery_expected", "Livraison prévue : {dates}"),
    ("widget.delivery_to", "Livraison vers : {country}"),
    ("widget.delivery_change", "modifier"),
    ("widget.delivery_choose", "Choisissez votre pays"),
    ("widget.delivery_country", "Pays"),
    ("widget.delivery_postcode", "Code postal (facultatif)"),
    ("widget.delivery_not_served", "Nous ne livrons pas encore vers : {country}."),
    ("widget.delivery_unavailable", "Les dates de livraison ne peuvent pas être affichées pour le moment ; voir nos informations de livraison."),
    ("widget.delivery_christmas", "Commandez avant le {date} pour être livré avant Noël"),
    ("widget.ask_product", "Poser une question sur ce produit"),
    ("widget.contact_button", "Besoin d'aide ? Contactez-nous"),
    ("widget.contact_title", "Nous contacter"),
    ("widget.contact_submit", "Envoyer le message"),
    ("widget.contact_sending", "Envoi…"),
    ("widget.contact_sent", "Envoyé – nous vous répondrons par e-mail dès que possible."),
    ("widget.contact_saved", "Enregistré ; il partira dès que vous serez de nouveau en ligne."),
    ("widget.contact_retrying", "Enregistré – nous continuons d'essayer de l'envoyer."),
    ("widget.contact_failed", "Votre message n'a pas pu être envoyé :"),
    ("widget.contact_invalid", "Veuillez corriger les champs signalés."),
    ("widget.contact_field_name", "Votre nom"),
    ("widget.contact_field_email", "E-mail"),
    ("widget.contact_field_order_number", "Numéro de commande (facultatif)"),
    ("widget.contact_field_message", "Comment pouvons-nous vous aider ?"),
    ("widget.error_tick", "Veuillez cocher cette case."),
    ("widget.error_required", "Veuillez remplir ce champ."),
    ("widget.error_email", "Saisissez une adresse e-mail comme nom@example.com."),
    ("widget.error_min", "Saisissez au moins {n} caractères."),
    ("widget.error_max", "Saisissez au plus {n} caractères."),
    ("widget.error_pattern", "Veuillez vérifier le format."),
    ("widget.error_choice", "Choisissez l'une des options."),
];

const ES: Table = &[
    ("widget.title", "¿Preguntas? Pregúntanos"),
    ("widget.placeholder", "Envíos, devoluciones, tallas…"),
    (
        "widget.no_answer",
        "Aún no tenemos respuesta para eso. Escríbenos:",
    ),
    ("widget.helpful", "¿Te ha ayudado esta respuesta?"),
    ("widget.yes", "Sí"),
    ("widget.no", "No"),
    ("widget.thanks", "Gracias por tu opinión."),
    ("widget.launcher", "¿Preguntas?"),
    (
        "widget.product_title",
        "Envío y preguntas sobre este producto",
    ),
    ("widget.order_title", "Sobre tu pedido"),
    ("widget.delivery_title", "Envío"),
    (
        "widget.delivery_countdown",
        "Pide en {time} y recíbelo {dates}",
    ),
    ("widget.delivery_arrives", "Pide ahora y recíbelo {dates}"),
    ("widget.delivery_estimate", "Entrega estimada: {dates}"),
    ("widget.delivery_expected", "Entrega prevista: {dates}"),
    ("widget.delivery_to", "Envío a {country}"),
    ("widget.delivery_change", "cambiar"),
    ("widget.delivery_choose", "Elige tu país"),
    ("widget.delivery_country", "País"),
    ("widget.delivery_postcode", "Código postal (opcional)"),
    (
        "widget.delivery_not_served",
        "Todavía no enviamos a {country}.",
    ),
    (
        "widget.delivery_unavailable",
        "Ahora no podemos mostrar las fechas de entrega; consulta nuestra información de envío.",
    ),
    (
        "widget.delivery_christmas",
        "Pide antes del {date} para recibirlo antes de Navidad",
    ),
    (
        "widget.ask_product",
        "Hacer una pregunta sobre este producto",
    ),
    ("widget.contact_button", "¿Necesitas más ayuda? Escríbenos"),
    ("widget.contact_title", "Contacto"),
    ("widget.contact_submit", "Enviar mensaje"),
    ("widget.contact_sending", "Enviando…"),
    (
        "widget.contact_sent",
        "Enviado: te responderemos por correo lo antes posible.",
    ),
    (
        "widget.contact_saved",
        "Guardado; se enviará cuando vuelvas a tener conexión.",
    ),
    (
        "widget.contact_retrying",
        "Guardado: seguiremos intentando enviarlo.",
    ),
    (
        "widget.contact_failed",
        "No hemos podido enviar tu mensaje:",
    ),
    ("widget.contact_invalid", "Corrige los campos marcados."),
    ("widget.contact_field_name", "Tu nombre"),
    ("widget.contact_field_email", "Correo electrónico"),
    (
        "widget.contact_field_order_number",
        "Número de pedido (opcional)",
    ),
    ("widget.contact_field_message", "¿En qué podemos ayudarte?"),
    ("widget.error_tick", "Marca esta casilla."),
    ("widget.error_required", "Rellena este campo."),
    (
        "widget.error_email",
        "Escribe un correo como nombre@example.com.",
    ),
    ("widget.error_min", "Escribe al menos {n} caracteres."),
    ("widget.error_max", "Escribe como máximo {n} caracteres."),
    ("widget.error_pattern", "Revisa el formato."),
    ("widget.error_choice", "Elige una de las opciones."),
];

const NL: Table = &[
    ("widget.title", "Vragen? Stel ze ons"),
    ("widget.placeholder", "Levering, retouren, maten…"),
    (
        "widget.no_answer",
        "Daar hebben we nog geen antwoord op. Schrijf ons:",
    ),
    ("widget.helpful", "Heeft dit antwoord je geholpen?"),
    ("widget.yes", "Ja"),
    ("widget.no", "Nee"),
    ("widget.thanks", "Bedankt voor je reactie."),
    ("widget.launcher", "Vragen?"),
    (
        "widget.product_title",
        "Levering en vragen over dit product",
    ),
    ("widget.order_title", "Over je bestelling"),
    ("widget.delivery_title", "Levering"),
    (
        "widget.delivery_countdown",
        "Bestel binnen {time}, dan ontvang je het {dates}",
    ),
    (
        "widget.delivery_arrives",
        "Bestel nu, dan ontvang je het {dates}",
    ),
    ("widget.delivery_estimate", "Verwachte levering: {dates}"),
    ("widget.delivery_expected", "Verwachte bezorging: {dates}"),
    ("widget.delivery_to", "Levering naar {country}"),
    ("widget.delivery_change", "wijzigen"),
    ("widget.delivery_choose", "Kies je land"),
    ("widget.delivery_country", "Land"),
    ("widget.delivery_postcode", "Postcode (optioneel)"),
    (
        "widget.delivery_not_served",
        "We leveren nog niet naar {country}.",
    ),
    (
        "widget.delivery_unavailable",
        "Leverdata kunnen nu niet worden getoond; zie onze verzendinformatie.",
    ),
    (
        "widget.delivery_christmas",
        "Bestel vóór {date} voor levering vóór Kerstmis",
    ),
    ("widget.ask_product", "Een vraag stellen over dit product"),
    ("widget.contact_button", "Nog vragen? Neem contact op"),
    ("widget.contact_title", "Contact"),
    ("widget.contact_submit", "Bericht versturen"),
    ("widget.contact_sending", "Bezig met versturen…"),
    (
        "widget.contact_sent",
        "Verstuurd – we antwoorden zo snel mogelijk per e-mail.",
    ),
    (
        "widget.contact_saved",
        "Opgeslagen; wordt verstuurd zodra je weer online bent.",
    ),
    (
        "widget.contact_retrying",
        "Opgeslagen – we blijven het proberen.",
    ),
    (
        "widget.contact_failed",
        "We konden je bericht niet versturen:",
    ),
    ("widget.contact_invalid", "Verbeter de gemarkeerde velden."),
    ("widget.contact_field_name", "Je naam"),
    ("widget.contact_field_email", "E-mail"),
    (
        "widget.contact_field_order_number",
        "Bestelnummer (optioneel)",
    ),
    ("widget.contact_field_message", "Waarmee kunnen we helpen?"),
    ("widget.error_tick", "Vink dit vakje aan."),
    ("widget.error_required", "Vul dit veld in."),
    (
        "widget.error_email",
        "Vul een e-mailadres in zoals naam@example.com.",
    ),
    ("widget.error_min", "Vul minstens {n} tekens in."),
    ("widget.error_max", "Vul hoogstens {n} tekens in."),
    ("widget.error_pattern", "Controleer de notatie."),
    ("widget.error_choice", "Kies een van de opties."),
];

const IT: Table = &[
    ("widget.title", "Domande? Chiedi a noi"),
    ("widget.placeholder", "Spedizioni, resi, taglie…"),
    ("widget.no_answer", "Non abbiamo ancora una risposta. Scrivici:"),
    ("widget.helpful", "Questa risposta ti è stata utile?"),
    ("widget.yes", "Sì"),
    ("widget.no", "No"),
    ("widget.thanks", "Grazie per il tuo riscontro."),
    ("widget.launcher", "Domande?"),
    ("widget.product_title", "Spedizione e domande su questo prodotto"),
    ("widget.order_title", "Sul tuo ordine"),
    ("widget.delivery_title", "Spedizione"),
    ("widget.delivery_countdown", "Ordina entro {time} per riceverlo {dates}"),
    ("widget.delivery_arrives", "Ordina ora per riceverlo {dates}"),
    ("widget.delivery_estimate", "Consegna stimata: {dates}"),
    ("widget.delivery_expected", "Consegna prevista: {dates}"),
    ("widget.delivery_to", "Spedizione in {country}"),
    ("widget.delivery_change", "cambia"),
    ("widget.delivery_choose", "Scegli il tuo paese"),
    ("widget.delivery_country", "Paese"),
    ("widget.delivery_postcode", "CAP (facoltativo)"),
    ("widget.delivery_not_served", "Non spediamo ancora in {country}."),
    ("widget.delivery_unavailable", "Le date di consegna non sono disponibili al momento; vedi le nostre informazioni sulla spedizione."),
    ("widget.delivery_christmas", "Ordina entro il {date} per riceverlo prima di Natale"),
    ("widget.ask_product", "Fai una domanda su questo prodotto"),
    ("widget.contact_button", "Serve altro aiuto? Scrivici"),
    ("widget.contact_title", "Contattaci"),
    ("widget.contact_submit", "Invia messaggio"),
    ("widget.contact_sending", "Invio in corso…"),
    ("widget.contact_sent", "Inviato: ti risponderemo via e-mail il prima possibile."),
    ("widget.contact_saved", "Salvato; verrà inviato quando sarai di nuovo online."),
    ("widget.contact_retrying", "Salvato: continueremo a provare a inviarlo."),
    ("widget.contact_failed", "Non è stato possibile inviare il messaggio:"),
    ("widget.contact_invalid", "Correggi i campi evidenziati."),
    ("widget.contact_field_name", "Il tuo nome"),
    ("widget.contact_field_email", "E-mail"),
    ("widget.contact_field_order_number", "Numero d'ordine (facoltativo)"),
    ("widget.contact_field_message", "Come possiamo aiutarti?"),
    ("widget.error_tick", "Spunta questa casella."),
    ("widget.error_required", "Compila questo campo."),
    ("widget.error_email", "Inserisci un indirizzo e-mail come nome@example.com."),
    ("widget.error_min", "Inserisci almeno {n} caratteri."),
    ("widget.error_max", "Inserisci al massimo {n} caratteri."),
    ("widget.error_pattern", "Controlla il formato."),
    ("widget.error_choice", "Scegli una delle opzioni."),
];

/// The built-in text for `key` in `lang`, when there is one.
pub fn builtin(lang: Lang, key: &str) -> Option<&'static str> {
    let table = match lang {
        Lang::De => DE,
        Lang::Fr => FR,
        Lang::Es => ES,
        Lang::Nl => NL,
        Lang::It => IT,
        Lang::En | Lang::Other => return None,
    };
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// Every widget text key (`widget.title`…): what `shop.toml` `[widget]` may set.
pub fn keys() -> impl Iterator<Item = &'static str> {
    DE.iter().map(|(k, _)| *k)
}

/// True when `key` names a widget text.
pub fn is_key(key: &str) -> bool {
    keys().any(|k| k == key)
}

/// A widget text from the bundle's settings (the shop's own from `shop.toml` `[widget]`, else
/// the built-in one for the shop's language, both put there by `build`), else `english`. The
/// one lookup every part of the widget uses.
pub fn text(meta: &crate::bundle::Meta, key: &str, english: &str) -> String {
    meta.get(key)
        .map(String::as_str)
        .unwrap_or(english)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key_with_its_placeholders() {
        let keys: Vec<&str> = DE.iter().map(|(k, _)| *k).collect();
        for (lang, table) in [
            (Lang::Fr, FR),
            (Lang::Es, ES),
            (Lang::Nl, NL),
            (Lang::It, IT),
            (Lang::De, DE),
        ] {
            assert_eq!(table.len(), keys.len(), "{lang:?}");
            for k in &keys {
                let v = builtin(lang, k).unwrap_or_else(|| panic!("{lang:?} lacks {k}"));
                let de = builtin(Lang::De, k).unwrap();
                for ph in ["{time}", "{dates}", "{country}", "{date}", "{n}"] {
                    assert_eq!(v.contains(ph), de.contains(ph), "{lang:?} {k} {ph}");
                }
            }
        }
        assert_eq!(builtin(Lang::En, "widget.title"), None);
    }
}
