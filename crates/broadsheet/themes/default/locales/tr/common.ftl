# Ortak arayüz metinleri: gezinme, alt bilgi, hatalar, tarihler.
skip-to-content = İçeriğe geç
published-with = Broadsheet ile yayımlanmaktadır
front-page = Ana sayfa
language = Dil
month-1 = Ocak
month-2 = Şubat
month-3 = Mart
month-4 = Nisan
month-5 = Mayıs
month-6 = Haziran
month-7 = Temmuz
month-8 = Ağustos
month-9 = Eylül
month-10 = Ekim
month-11 = Kasım
month-12 = Aralık
error-not-found-title = Sayfa bulunamadı
error-not-found-body = Aradığınız sayfayı bulamadık. Taşınmış ya da bağlantı yanlış yazılmış olabilir.
error-server-title = Bir şeyler ters gitti
error-other-title = İşlem tamamlanamadı
error-go-home = Ana sayfaya dön
setup-title = Yöneticiyi oluşturun
setup-intro = Bu tek kullanımlık bağlantı, sitenin ilk yönetici hesabını oluşturur.
field-email = E-posta
field-name = Adınız
field-password = Parola (en az 10 karakter)
field-password-again = Parola (tekrar)
setup-submit = Yöneticiyi oluştur
home-latest = Son haberler
home-empty = Henüz yayımlanmış haber yok.
by = Yazan:
and = ve
reading-time = { $minutes } dk okuma
error-rate-limited = { $minutes ->
    [one] Çok fazla deneme yapıldı. Lütfen bir dakika bekleyip yeniden deneyin.
   *[other] Çok fazla deneme yapıldı. Lütfen { $minutes } dakika bekleyip yeniden deneyin.
}
error-too-large = Gönderilen içerik çok büyük. Metni kısaltın ya da daha küçük bir dosya seçip yeniden deneyin; çalışmanıza dönmek için Geri'ye basın.
error-csrf = Formun süresi dolmuş ya da form bu siteden gelmemiş. Geri dönüp sayfayı yenileyin ve yeniden deneyin.
error-forbidden = Hesabınızın bunu yapma yetkisi yok.
error-unauthorized = Bunu yapmak için lütfen oturum açın.
staff-bar = Personel araçları
staff-edit-article = Bu haberi düzenle
