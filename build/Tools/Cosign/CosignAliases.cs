using Cake.Core;
using Cake.Core.IO;

namespace Build.Tools.Cosign;

/// <summary>cosign as Cake aliases: <c>context.CosignSign(reference, settings)</c>.</summary>
public static class CosignAliases
{
    public static CosignRunner CosignRunner(this ICakeContext context) =>
        new(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) };

    public static ToolResult CosignSign(this ICakeContext context, string reference, CosignSignSettings settings) =>
        context.CosignRunner().Sign(reference, settings);

    public static IReadOnlyList<CosignVerifiedSignature> CosignVerify(this ICakeContext context, string reference, CosignVerifySettings settings) =>
        context.CosignRunner().Verify(reference, settings);

    public static ToolResult CosignAttest(this ICakeContext context, string reference, CosignAttestSettings settings) =>
        context.CosignRunner().Attest(reference, settings);

    public static IReadOnlyList<CosignVerifiedAttestation> CosignVerifyAttestation(this ICakeContext context, string reference, CosignVerifyAttestationSettings settings) =>
        context.CosignRunner().VerifyAttestation(reference, settings);

    public static FilePath CosignSignBlob(this ICakeContext context, FilePath blob, CosignSignBlobSettings settings) =>
        context.CosignRunner().SignBlob(blob, settings);

    public static ToolResult CosignVerifyBlob(this ICakeContext context, FilePath blob, CosignVerifyBlobSettings settings) =>
        context.CosignRunner().VerifyBlob(blob, settings);

    public static string CosignPublicKey(this ICakeContext context, CosignPublicKeySettings settings) =>
        context.CosignRunner().PublicKey(settings);

    public static CosignKeyFiles CosignGenerateKeyPair(this ICakeContext context, CosignGenerateKeyPairSettings settings) =>
        context.CosignRunner().GenerateKeyPair(settings);
}
