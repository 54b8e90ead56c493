using System.Text.RegularExpressions;

namespace Build.Configuration;

/// <summary>
/// A key held by a KMS, an HSM or Kubernetes, named by one of cosign's key URIs (--signing-key or COSIGN_KEY). Only
/// cosign can sign with one: the URI is checked here for its scheme and shape and then handed to cosign unchanged.
/// </summary>
public static partial class SigningKeyUri
{
    /// <summary>The schemes cosign takes, with the shape each must have, for messages.</summary>
    public static IReadOnlyList<(string Prefix, Regex Shape, string Example)> Schemes { get; } =
    [
        ("awskms://", AwsKms(), "awskms:///alias/rds-csi-signing (or awskms://ENDPOINT/KEY-ID, awskms:///arn:aws:kms:REGION:ACCOUNT:key/ID)"),
        ("gcpkms://", GcpKms(), "gcpkms://projects/P/locations/L/keyRings/R/cryptoKeys/K[/cryptoKeyVersions/N]"),
        ("azurekms://", AzureKms(), "azurekms://VAULT.vault.azure.net/KEY"),
        ("hashivault://", HashiVault(), "hashivault://KEY-NAME"),
        ("k8s://", Kubernetes(), "k8s://NAMESPACE/SECRET"),
        ("pkcs11:", Pkcs11(), "pkcs11:token=TOKEN;object=KEY?module-path=/usr/lib/MODULE.so"),
    ];

    /// <summary>True for a value that is meant as a key URI (a known scheme, or any SCHEME:// that is not a file path), not a key file.</summary>
    public static bool IsUri(string value) =>
        Schemes.Any(scheme => value.StartsWith(scheme.Prefix, StringComparison.OrdinalIgnoreCase)) || AnyScheme().IsMatch(value);

    /// <summary>Refuses a URI of an unknown scheme, a malformed one, or one with a space, a line break, a NUL or another control character.</summary>
    public static string Validate(string value, string source)
    {
        if (value.Any(character => char.IsControl(character) || char.IsWhiteSpace(character)))
        {
            throw new BuildConfigurationException($"{source} is a key URI with a space, a line break or a control character in it; cosign takes the URI as one argument: remove them.");
        }

        var scheme = Schemes.FirstOrDefault(candidate => value.StartsWith(candidate.Prefix, StringComparison.Ordinal));
        if (scheme.Prefix is null)
        {
            throw new BuildConfigurationException(
                $"{source} {Diagnostics.InputText.Quote(value)} is not a key URI cosign takes. Use a cosign.key path or one of: {string.Join(", ", Schemes.Select(known => known.Prefix))}.");
        }

        if (!scheme.Shape.IsMatch(value))
        {
            throw new BuildConfigurationException($"{source} {Diagnostics.InputText.Quote(value)} is not a well-formed {scheme.Prefix} key URI; the form is {scheme.Example}.");
        }

        return value;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://")]
    private static partial Regex AnyScheme();

    [GeneratedRegex(@"^awskms://([A-Za-z0-9.-]+(:[0-9]{1,5})?)?/(alias/[A-Za-z0-9/_-]+|[0-9a-fA-F-]{36}|mrk-[0-9a-f]{32}|arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key/[0-9a-fA-F-]+|key/mrk-[0-9a-f]{32}|alias/[A-Za-z0-9/_-]+))$")]
    private static partial Regex AwsKms();

    [GeneratedRegex(@"^gcpkms://projects/[a-z0-9.:-]+/locations/[a-z0-9-]+/keyRings/[A-Za-z0-9_-]+/cryptoKeys/[A-Za-z0-9_-]+(/(cryptoKeyVersions|versions)/[0-9]+)?$")]
    private static partial Regex GcpKms();

    [GeneratedRegex(@"^azurekms://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?/[A-Za-z0-9-]+(/[0-9a-fA-F]{32})?$")]
    private static partial Regex AzureKms();

    [GeneratedRegex(@"^hashivault://[A-Za-z0-9._-]+$")]
    private static partial Regex HashiVault();

    [GeneratedRegex(@"^k8s://[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?/[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$")]
    private static partial Regex Kubernetes();

    // RFC 7512: path attributes (name=value separated by ';'), then optional query attributes after '?', percent-encoding allowed.
    [GeneratedRegex(@"^pkcs11:([A-Za-z-]+=([A-Za-z0-9._~:\[\]@!$'()*+,=&/-]|%[0-9A-Fa-f]{2})*)(;[A-Za-z-]+=([A-Za-z0-9._~:\[\]@!$'()*+,=&/-]|%[0-9A-Fa-f]{2})*)*(\?[A-Za-z-]+=([A-Za-z0-9._~:\[\]@!$'()*+,=/-]|%[0-9A-Fa-f]{2})*(&[A-Za-z-]+=([A-Za-z0-9._~:\[\]@!$'()*+,=/-]|%[0-9A-Fa-f]{2})*)*)?$")]
    private static partial Regex Pkcs11();
}
