# Bültenler: abone olma, onaylama, abonelikten çıkma, e-postalar ve haber merkezi raporu.
nl-title = Bültenler
nl-intro = Günün ya da haftanın haberlerini e-postayla alın: tüm bölümlerden ya da yalnızca birinden, okuduğunuz dilde.
nl-subscribe = Abone ol
nl-opt-in-help = Önce bir onay bağlantısı göndeririz; siz açana kadar başka bir şey gelmez. Her e-postada tek tıkla abonelikten çıkma bağlantısı vardır.
nl-frequency = Ne sıklıkla
nl-section = Bölüm
nl-all-sections = Tüm bölümler
nl-daily = Günlük özet
nl-weekly = Haftalık özet
nl-list-label = { $frequency }: { $section }, { $language }
nl-error-frequency = Lütfen günlük ya da haftalık özeti seçin.
nl-error-language = Lütfen sitenin dillerinden birini seçin.
nl-error-section = Böyle bir bölüm yok; lütfen listeden birini seçin.
nl-check-mail-title = E-postanızı kontrol edin
nl-check-mail-body = Adres e-posta alabiliyorsa bir onay bağlantısı yolda. Bülteninizi başlatmak için onu açın; o zamana kadar hiçbir şey gönderilmez.
nl-subscribed-title = Abone oldunuz
nl-subscribed-body = Listedesiniz. Sonraki bülten hesabınızın adresine gelecek.
nl-confirmed-title = Abonelik onaylandı
nl-confirmed-body = Teşekkürler: bülteniniz bir sonraki sayıyla başlıyor.
nl-unsubscribed-title = Abonelikten çıktınız
nl-unsubscribed-body = Bu bülteni artık almayacaksınız.
nl-unsubscribe-title = Abonelikten çık
nl-unsubscribe-which = { $email } adresi { $list } bültenini alıyor.
nl-unsubscribe = Abonelikten çık
nl-pending = onay bekliyor
nl-none = Hiçbir bülteni almıyorsunuz.
nl-breaking-label = Son dakika
nl-digest-label = Özet
nl-read-story = Haberi okuyun
nl-footer = Bu e-postayı { $site } bültenlerine abone olduğunuz için alıyorsunuz.
nl-digest-subject = { $site }: { $list }
nl-breaking-subject = Son dakika: { $headline }
nl-newsroom-intro = Okurların bülten listeleri ve her gönderimin sonucu. Özetler, yeni haber olan her gün ya da haftanın ardından kendiliğinden gider; bir haber, düzenleme sayfasından son dakika olarak da gönderilebilir.
nl-lists = Listeler
nl-list = Liste
nl-subscribers = Aboneler
nl-unsubscribed-count = Ayrılanlar
nl-no-lists = Henüz abone olan yok.
nl-sends = Gönderimler
nl-send = Gönderim
nl-recipients = Alıcılar
nl-sent = Gönderilen
nl-failed = Başarısız
nl-waiting = Bekleyen
nl-unsubscribed-since = O zamandan beri ayrılan
nl-no-sends = Henüz bir şey gönderilmedi.
nl-breaking-action = Son dakika olarak gönder
nl-breaking-explain = Bu haber, bülteni bölümünü kapsayan { $language } dilindeki onaylı tüm abonelere şimdi e-postayla gönderilecek. Yalnızca bir kez gönderilebilir.
nl-breaking-confirm = Evet, bu haberi abonelere şimdi gönder
nl-breaking-send = Son dakikayı gönder
nl-breaking-unconfirmed = Gönderimi onaylamak için kutuyu işaretleyin.
nl-breaking-already = Bu haber zaten son dakika olarak gönderildi.
nl-breaking-unpublished = Yalnızca yayımlanmış haberler gönderilebilir.
nl-back-to-story = Habere dön
nr-done-breaking-queued = Son dakika haberi abonelere gönderiliyor.
mail-newsletter-confirm-subject = Bülteninizi onaylayın
mail-newsletter-confirm-body =
    Merhaba,

    Birisi (umarız siz) bu adres için { $list } bültenini istedi. Onaylamak için bu bağlantıyı açın:
    { $link }

    Siz değilseniz bu iletiyi görmezden gelin: hiçbir şey gönderilmeyecek.
