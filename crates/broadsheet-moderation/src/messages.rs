//! Author-facing explanations per rule, in English and Turkish, inviting a rephrase.

/// English and Turkish message for a rule id.
pub fn message(rule: &str) -> (&'static str, &'static str) {
    let family = rule.split(':').next().unwrap_or(rule);
    match (family, rule) {
        (_, "phrase:rude") | (_, "insult:second-person") | (_, "insult:vocative") => (
            "Please address the argument, not the person: this reads as an insult to another reader.",
            "Lütfen kişiyi değil görüşü eleştirin: bu ifade başka bir okura hakaret gibi görünüyor.",
        ),
        ("insult", _) | (_, "lexicon:insult") | ("dehumanising", _) => (
            "This demeans people. Criticise ideas and decisions without belittling anyone.",
            "Bu ifade insanları aşağılıyor. Kimseyi küçümsemeden fikirleri ve kararları eleştirebilirsiniz.",
        ),
        ("threat", _) => (
            "Threats or calls to violence are not allowed, even as a joke.",
            "Tehdit ve şiddet çağrısı, şaka olarak bile olsa yasaktır.",
        ),
        ("identity", _) | (_, "lexicon:slur") => (
            "Generalising about or excluding a group of people by who they are is not allowed.",
            "İnsanları kimliklerine göre genellemek veya dışlamak yasaktır.",
        ),
        ("links", _) => (
            "Too many links: a moderator will check this comment.",
            "Çok fazla bağlantı var: yorumunuzu bir moderatör inceleyecek.",
        ),
        ("spam", _) => (
            "This looks like promotion; a moderator will check it.",
            "Bu yorum reklam gibi görünüyor; bir moderatör inceleyecek.",
        ),
        ("repeat", _) => (
            "You posted this same comment recently.",
            "Aynı yorumu kısa süre önce gönderdiniz.",
        ),
        ("history", _) => (
            "Several of your recent comments were removed, so this one will be reviewed first.",
            "Son yorumlarınızın birçoğu kaldırıldı; bu yorum önce incelenecek.",
        ),
        ("admin", _) => (
            "This comment contains a word this site does not allow.",
            "Bu yorum sitenin izin vermediği bir kelime içeriyor.",
        ),
        (_, "classifier:rude") => (
            "This reads as belittling another reader; please respond to what they said instead.",
            "Bu yorum başka bir okuru küçümsüyor gibi; lütfen kişiye değil söylediğine yanıt verin.",
        ),
        (_, "classifier:aggressive") => (
            "This reads as a threat or a wish for harm, which is not allowed even when veiled.",
            "Bu yorum örtülü de olsa bir tehdit ya da zarar dileği gibi görünüyor; buna izin verilmez.",
        ),
        (_, "classifier:derogatory") => (
            "This reads as demeaning people with contemptuous names or comparisons.",
            "Bu yorum insanları aşağılayıcı adlar veya benzetmelerle küçük düşürüyor gibi görünüyor.",
        ),
        (_, "classifier:discriminatory") => (
            "This reads as judging a whole group of people by who they are.",
            "Bu yorum bir grubu kimliği yüzünden topluca yargılıyor gibi görünüyor.",
        ),
        ("classifier", _) => (
            "This may break the community guidelines; please consider rephrasing.",
            "Bu yorum topluluk kurallarına aykırı olabilir; lütfen yeniden ifade etmeyi düşünün.",
        ),
        _ => (
            "This may break the community guidelines.",
            "Bu yorum topluluk kurallarına aykırı olabilir.",
        ),
    }
}
