namespace Build.Tools.Cosign;

/// <summary><c>cosign public-key --key KEY</c>: prints the PEM public key of a key file or a KMS/HSM key URI.</summary>
public sealed class CosignPublicKeySettings : CosignSettings
{
    /// <summary>--key: the key file or key URI (awskms://, gcpkms://, azurekms://, hashivault://, k8s://, pkcs11:).</summary>
    public required string Key { get; set; }
}
