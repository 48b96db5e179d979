//! Built-in synonym groups for shop vocabulary, per language. Shops add their own in
//! `synonyms.toml`; both are analyzed at build time and stored in the bundle, so a query for
//! "parcel" also finds the entry that says "package".

use super::Lang;

const EN: &[&[&str]] = &[
    &["ship", "deliver", "dispatch", "send", "post"],
    &["shipping", "delivery", "postage", "carriage"],
    &["parcel", "package", "shipment"],
    &["refund", "reimburse", "repay"],
    &["return", "exchange"],
    &["track", "trace", "locate"],
    &["order", "purchase"],
    &["cancel", "revoke", "withdraw"],
    &["cost", "price", "fee", "charge"],
    &["voucher", "coupon", "promo", "discount"],
    &["colour", "color"],
    &["jumper", "sweater", "pullover"],
    &["trousers", "pants"],
    &["email", "mail", "e-mail"],
    &["phone", "telephone", "call"],
    &["faulty", "broken", "damaged", "defective"],
    &["wrong", "incorrect"],
    &["arrive", "arrival", "receive"],
    &["quick", "fast", "express"],
    &["address", "location"],
    &["stock", "available", "availability"],
    &["gift", "present"],
];
const DE: &[&[&str]] = &[
    &["versand", "lieferung", "zustellung"],
    &["paket", "sendung"],
    &["rucksendung", "retoure", "zurucksenden"],
    &["erstattung", "ruckerstattung", "geld zuruck"],
    &["bestellung", "auftrag"],
    &["stornieren", "storno", "widerrufen"],
    &["kosten", "preis", "gebuhr"],
];
const FR: &[&[&str]] = &[
    &["livraison", "expedition", "envoi"],
    &["colis", "paquet"],
    &["retour", "renvoyer"],
    &["remboursement", "rembourser"],
    &["commande", "achat"],
    &["annuler", "annulation"],
    &["prix", "cout", "frais", "tarif"],
];
const ES: &[&[&str]] = &[
    &["envio", "entrega"],
    &["paquete", "bulto"],
    &["devolucion", "devolver"],
    &["reembolso", "reembolsar"],
    &["pedido", "compra"],
    &["precio", "coste", "costo", "tarifa"],
];
const NL: &[&[&str]] = &[
    &["verzending", "levering", "bezorging"],
    &["pakket", "zending"],
    &["retour", "retourneren", "terugsturen"],
    &["terugbetaling", "restitutie"],
    &["bestelling", "order"],
    &["kosten", "prijs", "tarief"],
];
const IT: &[&[&str]] = &[
    &["spedizione", "consegna", "invio"],
    &["pacco", "collo"],
    &["reso", "restituzione", "restituire"],
    &["rimborso", "rimborsare"],
    &["ordine", "acquisto"],
    &["prezzo", "costo", "tariffa"],
];

/// The built-in synonym groups for a language (surface words, analyzed by the writer).
pub fn builtin(lang: Lang) -> Vec<Vec<String>> {
    let groups: &[&[&str]] = match lang {
        Lang::En => EN,
        Lang::De => DE,
        Lang::Fr => FR,
        Lang::Es => ES,
        Lang::Nl => NL,
        Lang::It => IT,
        Lang::Other => &[],
    };
    groups
        .iter()
        .map(|g| g.iter().map(|w| (*w).to_string()).collect())
        .collect()
}
