using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace AlkNavigator.Hosting;

/// <summary>
/// Encrypts the Data Protection keys at rest (the keys that sign login cookies and account tokens) with an X.509
/// certificate when DataProtection:CertificatePath is set: a copied key file or database row is then useless without
/// the certificate's private key. DataProtection:PreviousCertificatePath keeps keys written under a certificate
/// being replaced readable. Without a certificate, keys are protected by file permissions (SQLite: 0600 in a 0700
/// directory) or the database's own access control (PostgreSQL).
/// </summary>
public static class KeyProtection
{
    public const string CertificatePath = "DataProtection:CertificatePath";
    public const string CertificatePassword = "DataProtection:CertificatePassword";
    public const string PreviousCertificatePath = "DataProtection:PreviousCertificatePath";
    public const string PreviousCertificatePassword = "DataProtection:PreviousCertificatePassword";

    public static void Configure(IDataProtectionBuilder dp, IConfiguration config)
    {
        if (config[CertificatePath] is not { Length: > 0 } path)
        {
            if (config[PreviousCertificatePath] is { Length: > 0 })
                throw new InvalidOperationException($"{PreviousCertificatePath} is set but {CertificatePath} is not: name the certificate that protects new keys.");
            return;
        }
        var current = Load(path, config[CertificatePassword], CertificatePath);
        var readable = new List<X509Certificate2> { current };
        if (config[PreviousCertificatePath] is { Length: > 0 } previous)
            readable.Add(Load(previous, config[PreviousCertificatePassword], PreviousCertificatePath));
        // On Linux the decryptor does not search certificate stores reliably: name every certificate that may unprotect.
        dp.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([.. readable]);
    }

    private static X509Certificate2 Load(string path, string? password, string setting)
    {
        X509Certificate2 cert;
        try
        {
            cert = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{setting}: cannot read the certificate '{path}' ({e.Message}). It must be a PKCS#12 (.pfx/.p12) file with its private key; the password goes in {(setting == CertificatePath ? CertificatePassword : PreviousCertificatePassword)}.", e);
        }
        if (!cert.HasPrivateKey)
            throw new InvalidOperationException($"{setting}: the certificate '{path}' has no private key, so keys protected with it could not be read back.");
        if (cert.GetRSAPrivateKey() is null)
            throw new InvalidOperationException($"{setting}: the certificate '{path}' must have an RSA key (XML encryption of the keys uses RSA).");
        return cert;
    }
}
