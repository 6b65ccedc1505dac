using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace AlkNavigator.Hosting;

/// <summary>
/// Bearer secrets in links (caregiver invitations, the private calendar feed, sign-in links): 32 random bytes as base64url
/// (43 characters) in the link, and only their SHA-256 (lower-case hex, 64 characters) in the database.
/// </summary>
public static class SecretTokens
{
    public static string New() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Whether <paramref name="presented"/> hashes to <paramref name="storedHash"/>, compared in constant time.</summary>
    public static bool Matches(string presented, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash));
}
