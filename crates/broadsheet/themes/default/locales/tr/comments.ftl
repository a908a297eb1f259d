# Yorumlar: haberlerin altındaki bölüm, yorum sayfaları, formlar, hatalar ve yanıt e-postası.
comments-heading = { $count ->
    [0] Yorumlar
   *[other] { $count } yorum
}
comments-guidelines-link = Topluluk kurallarımızı okuyun
comments-closed = Bu habere yorum yapılamıyor.
comments-verify-first = Lütfen size gönderdiğimiz bağlantıyla e-posta adresinizi doğrulayın, ardından yorum yazabilirsiniz.
comments-guest-note = Misafir olarak yorum yapıyorsunuz: yorumunuz yayımlanmadan önce bir moderatör tarafından incelenecek.
comments-your-comment = Yorumunuz
comments-formatting-hint = Boş satırlar paragraf oluşturur. **kalın**, *italik*, [bağlantı](https://example.org) ve > alıntı kullanabilirsiniz.
comments-post = Yorumu gönder
comments-sign-in = Yorum yazmak için giriş yapın
comments-sign-up = Hesap oluşturun
comments-featured = Editörün seçtikleri
comments-permalink = Bağlantı
comments-sort = Sırala
comments-sort-newest = En yeni
comments-sort-oldest = En eski
comments-sort-liked = En çok beğenilen
comments-show-more = Daha fazla yorum göster
comments-show-replies = Tüm yanıtları göster
comments-page-title = { $headline } hakkındaki yorumlar
comment-deleted-by-author = Bu yorum yazarı tarafından silindi.
comment-removed = Bu yorum bir moderatör tarafından kaldırıldı.
comment-deleted-account = Silinmiş bir hesap
comment-guest = misafir
comment-in-reply-to = { $name } adlı okura yanıt
comment-in-reply = bir yoruma yanıt
comment-edited = düzenlendi
comment-awaiting-review = İnceleme bekliyor: bir moderatör onaylayana kadar bu yorumu yalnızca siz görebilirsiniz.
comment-not-published = Yayımlanmadı: bu yorum kurallarımıza aykırı.
comment-likes = { $count } beğeni
comment-like = Beğen
comment-unlike = Beğenmekten vazgeç
comment-reply = Yanıtla
comment-reply-label = { $name } adlı okura yanıtınız
comment-reply-submit = Yanıtı gönder
comment-report = Bildir
comment-edit = Düzenle
comment-delete = Sil
comment-back = Yoruma dön
report-reason = Bu yorumu neden bildiriyorsunuz?
report-reason-rude = Kaba veya hakaret içeriyor
report-reason-aggressive = Tehdit veya saldırganlık içeriyor
report-reason-derogatory = Aşağılayıcı
report-reason-discriminatory = Ayrımcı
report-reason-spam = Reklam veya istenmeyen ileti
report-reason-off-topic = Konu dışı
report-reason-other = Başka bir neden
report-detail = Moderatörün bilmesi gereken başka bir şey (isteğe bağlı)
report-submit = Bildirimi gönder
report-thanks-title = Bildiriminiz için teşekkürler
report-thanks-body = Bu yorumu bir moderatör inceleyecek.
report-again-title = Zaten bildirildi
report-again-body = Bu yorumu zaten bildirdiniz; bir moderatör inceleyecek.
thread-title = Yorum dizisi
compose-title = Yorumunuz
compose-edit-title = Yorumunuzu düzenleyin
compose-save = Değişiklikleri kaydet
nudge-intro = Yayımlanmadan önce: otomatik denetimimiz bu yorumun topluluk kurallarına aykırı olabileceğini düşünüyor.
nudge-choice = Yeniden ifade edip tekrar deneyebilir ya da yine de gönderebilirsiniz; bu durumda yorum yayımlanmadan önce bir moderatör inceler.
nudge-rephrase = Yeniden yazılan yorumu gönder
nudge-post-anyway = Yine de incelemeye gönder
guidelines-title = Topluluk kuralları
settings-title = Yorum ayarları
settings-guests = Misafirlerin ad ve e-postayla yorum yapmasına izin ver (her zaman önce incelenir)
settings-auto-close = Yorumları yayından bu kadar gün sonra kapat (boş ya da 0: hiçbir zaman)
settings-summary = Yorum formunun üstünde gösterilen kısa kurallar
settings-full = Tam kurallar sayfası (Markdown)
settings-error-days = Gün sayısı tam sayı olmalıdır.
comment-error-empty = Lütfen göndermeden önce bir şey yazın.
comment-error-too-long = Yorumlar en fazla { $max } karakter olabilir.
comment-error-closed = Bu habere yorum yapılamıyor.
comment-error-bad-parent = Yalnızca aynı haberdeki görünür bir yoruma yanıt verebilirsiniz.
comment-error-unverified = Yorum yazmadan önce lütfen e-posta adresinizi doğrulayın.
comment-error-sign-in = Yorum yazmak için lütfen giriş yapın.
comment-error-guest = Lütfen adınızı ve geçerli bir e-posta adresi girin.
comment-error-not-found = Bu yorum yok ya da sizin değil.
comment-error-not-editable = Yorumlar yalnızca gönderildikten sonraki 10 dakika içinde düzenlenebilir.
comment-error-reason = Lütfen bildirim için bir neden seçin.
comment-error-barred = Hesabınız şu anda yorum yapamaz. Bir moderatör hesabı yasakladı ya da askıya aldı.
comment-error-rate-limited = Çok hızlı yorum gönderiyorsunuz. Lütfen { $seconds } saniye bekleyip yeniden deneyin.
comment-error-form = Yorum okunamadı. Lütfen metni kontrol edip yeniden deneyin.
comment-error-json = İstek gövdesi "body" metni içeren bir JSON olmalıdır.
comment-error-reaction = Tek tepki "beğeni"dir.
mail-reply-subject = { $replier } yorumunuza yanıt verdi
mail-reply-body =
    Merhaba { $name },

    { $replier }, "{ $headline }" haberindeki yorumunuza yanıt verdi:

    { $excerpt }

    Tartışmayı okuyun: { $link }

    Bu e-postaları almamak için: { $unsubscribe }
