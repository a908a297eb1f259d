# Hesaplar: giriş, kayıt, doğrulama, parola sıfırlama, profil.
login-title = Giriş yap
login-password = Parola
login-submit = Giriş yap
login-failed = Bu e-posta ve parola bir hesapla eşleşmiyor.
