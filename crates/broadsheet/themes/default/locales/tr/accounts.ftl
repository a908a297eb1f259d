# Hesaplar: giriş, kayıt, doğrulama, parola sıfırlama, profil.
login-title = Giriş yap
login-password = Parola
login-submit = Giriş yap
login-failed = Bu e-posta ve parola bir hesapla eşleşmiyor.
nav-account = Hesabınız
nav-sign-up = Kaydol
nav-sign-out = Çıkış yap
signup-title = Hesap oluşturun
signup-intro = Bir hesapla haberlerimizin altında yorum yazabilir, yanıt verebilir ve beğenebilirsiniz.
signup-name = Görünen ad
signup-submit = Hesap oluştur
signup-have-account = Zaten hesabınız var mı? Giriş yapın
signup-error-email = Lütfen geçerli bir e-posta adresi girin.
signup-error-name = Lütfen en fazla 80 karakterlik bir görünen ad girin.
signup-error-password = Parola 10 ile 256 karakter arasında olmalıdır.
signup-sent-title = E-postanızı kontrol edin
signup-sent-body = Bu adrese bir ileti gönderdik. Hesabınızı oluşturmayı tamamlamak için içindeki bağlantıyı izleyin.
verify-done-title = E-posta doğrulandı
verify-done-body = Teşekkürler: e-posta adresiniz doğrulandı, artık yorumlara katılabilirsiniz.
link-invalid-title = Bu bağlantı çalışmıyor
link-invalid-body = Bağlantı bilinmiyor, daha önce kullanılmış ya da süresi dolmuş.
reset-title = Parolanızı sıfırlayın
reset-intro = Hesabınızın e-posta adresini girin; yeni parola seçmeniz için bir bağlantı gönderelim.
reset-send = Bağlantıyı gönder
reset-again = Yeni bağlantı isteyin
reset-sent-title = E-postanızı kontrol edin
reset-sent-body = Bu adresi kullanan bir hesap varsa, yeni parola seçmesi için bir bağlantı gönderdik. Bağlantı bir kez ve bir saat boyunca çalışır.
reset-new-title = Yeni parola seçin
reset-save = Yeni parolayı kaydet
reset-error-mismatch = İki parola birbirini tutmuyor.
reset-done-title = Parola değişti
reset-done-body = Yeni parolanız kaydedildi; tüm cihazlarda oturumunuz kapatıldı ve API anahtarlarınız iptal edildi. Yeni parolanızla giriş yapın.
account-title = Hesabınız
account-unverified = Yorum yazmadan önce lütfen size gönderdiğimiz bağlantıyla e-posta adresinizi doğrulayın.
profile-heading = Profil
profile-public-link = Herkese açık profilinizi görün
profile-bio = Hakkınızda (isteğe bağlı, herkese açık profilinizde görünür)
profile-save = Kaydet
profile-error = Lütfen en fazla 80 karakterlik bir görünen ad ve en fazla 1000 karakterlik bir tanıtım yazın.
notify-heading = E-posta bildirimleri
notify-replies = Yorumlarıma yanıt gelince bana e-posta gönder
history-heading = Yorumlar
history-empty = Henüz yorum yok.
person-since = { $date } tarihinden beri okur
tokens-heading = API anahtarları
tokens-intro = Anahtarlar, kendi programlarınızın yorum API'sini sizin adınıza kullanmasını sağlar. Gizli tutun.
tokens-new = Yeni anahtarınız (yalnızca şimdi gösterilir):
tokens-label = Yeni anahtarın adı
tokens-create = Anahtar oluştur
tokens-revoke = İptal et
tokens-revoked = iptal edildi
tokens-error-label = Lütfen anahtara bir ad verin (en fazla 80 karakter).
tokens-lifetime = Geçerlilik süresi
tokens-days = { $days } gün
tokens-never-expires = süresiz
tokens-expires = son geçerlilik { $date }
tokens-expired = süresi doldu
tokens-last-used = son kullanım { $date }
tokens-never-used = hiç kullanılmadı
tokens-error-expiry = Lütfen anahtarın ne kadar geçerli olacağını seçin (1 ile 3650 gün arası ya da süresiz).
tokens-error-unverified = API anahtarı oluşturmadan önce e-posta adresinizi doğrulayın.
sessions-heading = Oturumlar
sessions-everywhere = Tüm cihazlarda çıkış yap ve API anahtarlarımı iptal et
delete-heading = Hesabınızı silin
delete-comments = Yorumlarınız
delete-keep = Kalsın, silinmiş bir hesabın yorumu olarak görünsün
delete-remove = Kaldırılsın
delete-submit = Hesabımı sil
delete-error-password = Parola doğru değil; hesabınız silinmedi.
delete-error-choice = Lütfen yorumlarınıza ne olacağını seçin.
account-deleted-title = Hesap silindi
account-deleted-body = Hesabınız silindi. Katılımınız için teşekkür ederiz.
unsubscribed-title = Abonelikten çıkıldı
unsubscribed-body = Yorumlarınıza gelen yanıtlar için artık e-posta almayacaksınız. Bunu hesabınızdan yeniden açabilirsiniz.
unsubscribe-title = Yanıt e-postaları
unsubscribe-replies = Yorumlarınıza gelen yanıtları bildiren e-postalar durdurulsun mu?
unsubscribe-button = Yanıt e-postalarını durdur
outbox-title = Giden posta kutusu
outbox-smtp = Posta SMTP ile gönderiliyor; bu bir kayıttır.
outbox-no-smtp = Yapılandırılmış bir SMTP sunucusu yok; posta gönderilmek yerine burada bekliyor.
outbox-to = Alıcı
outbox-empty = Henüz posta yok.
mail-verify-subject = E-posta adresinizi doğrulayın
mail-verify-body =
    Merhaba { $name },

    Lütfen bu bağlantıyı açarak e-posta adresinizi doğrulayın:
    { $link }

    Kaydolan siz değilseniz bu iletiyi görmezden gelebilirsiniz.
mail-exists-subject = Adresinizle kaydolmaya çalışıldı
mail-exists-body =
    Merhaba,

    Birisi (belki siz) bu e-posta adresiyle hesap oluşturmaya çalıştı, ancak bu adresin zaten bir hesabı var.
    Giriş yapın: { $login }
    Parolanızı mı unuttunuz? { $reset }

    Bu siz değilseniz iletiyi görmezden gelebilirsiniz.
mail-reset-subject = Yeni parola seçin
mail-reset-body =
    Merhaba { $name },

    Yeni parola seçmek için bu bağlantıyı bir saat içinde açın:
    { $link }

    Bunu siz istemediyseniz iletiyi görmezden gelebilirsiniz; parolanız değişmez.

two-step-title = İki adımlı giriş
two-step-intro = Parolanızdan sonra giriş, telefonunuzdaki bir doğrulama uygulamasının ürettiği altı haneli kodu da ister.
two-step-on = Bu hesapta iki adımlı giriş açık.
two-step-start = Doğrulama uygulaması kur
two-step-add = Bu hesabı doğrulama uygulamanıza ekleyin:
two-step-open-app = uygulamada aç
two-step-or-type = ya da bu anahtarı yazın:
two-step-confirm-hint = Ardından iki adımlı girişi açmak için uygulamanın gösterdiği kodu girin.
two-step-code = Altı haneli kod
two-step-confirm = Aç
two-step-disable = İki adımlı girişi kapat
two-step-wrong-code = Bu kod doğru değil. Telefonunuzun saatini kontrol edip en yeni kodu deneyin.
two-step-expired-title = Yeniden giriş yapın
two-step-expired-body = Bu giriş çok uzun sürdü ya da zaten kullanıldı. Lütfen parolanızı yeniden girin.
two-step-link = İki adımlı giriş
verify-resend = Onay bağlantısını yeniden gönder
verify-resent-title = Bağlantı gönderildi
verify-resent-body = E-posta adresinize yeni bir onay bağlantısı gönderdik. Bağlantı üç gün geçerlidir.
login-forgot = Parolanızı mı unuttunuz?
login-no-account = Hesabınız yok mu? Kaydolun
two-step-qr-label = Doğrulama uygulamanız için QR kod
two-step-password = Parolanız
two-step-code-or-recovery = Altı haneli kod ya da bir kurtarma kodu
two-step-wrong-password = Bu parola doğru değil.
two-step-not-on = Bu hesapta iki adımlı giriş açık değil.
two-step-moving = Yenisi onaylanana kadar mevcut doğrulama uygulamanız çalışmaya devam eder.
two-step-change = Değiştir ya da kapat
two-step-change-hint = İkisi de parolanızı ve doğrulama uygulamanızdan bir kodu (ya da bir kurtarma kodunu) ister.
two-step-move = Yeni telefona taşı
two-step-codes-left = { $count ->
    [one] Bir kurtarma kodu kaldı.
   *[other] { $count } kurtarma kodu kaldı.
}
two-step-recovery-title = Kurtarma kodları
two-step-recovery-shown-once = Kurtarma kodlarınız. Her biri telefonunuzdaki kodun yerine bir kez giriş yapmanızı sağlar. Onları şimdi güvenli bir yere kaydedin: bir daha gösterilmezler.
two-step-recovery-new = Yeni kurtarma kodları oluştur

# Staff invitations, from the invitee's side.
invite-title = Haber merkezine katılın
invite-intro = { $name }, { $site } sitesine { $role } olarak davet edildiniz. Tamamlamak için bir parola seçin.
invite-save = Parolayı belirle ve giriş yap
invite-invalid-title = Bu davet çalışmıyor
invite-invalid-body = Davet bilinmiyor, daha önce kullanılmış ya da yedi günden eski. Bir yöneticiden sizi yeniden davet etmesini isteyin.
mail-invite-subject = { $inviter } sizi { $site } sitesine davet etti
mail-invite-body =
    Merhaba { $name },

    { $inviter } sizi { $site } haber merkezine { $role } olarak davet etti.
    Parolanızı seçmek için bu bağlantıyı yedi gün içinde açın:
    { $link }

    Bunu beklemiyorsanız bu iletiyi yok sayabilirsiniz.
