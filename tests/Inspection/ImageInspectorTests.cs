using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Build.Inspection;
using Build.Registry;
using Build.Signing;
using Build.Tests.Support;

namespace Build.Tests.Inspection;

/// <summary>
/// Inspect's verdicts on signatures in a real registry process: a keyless signature whose certificate (made by openssl,
/// as Fulcio would, with the identity as a URI and the issuer in Fulcio's extension) names the release workflow or
/// another one, a key signature and a key nobody knows; the identity of a real Fulcio certificate read as openssl does.
/// </summary>
public sealed class ImageInspectorTests : TempDirectoryTest
{
    private const string Repository = "acme/rds-csi";
    private const string Workflow = "https://github.com/acme/rds-csi/.github/workflows/release.yml@refs/tags/v1.2.3";
    private const string Issuer = "https://token.actions.githubusercontent.com";

    /// <summary>A P-256 key and a self-signed certificate for <paramref name="identity"/>, both by openssl.</summary>
    private (ECDsa Key, string CertificatePem) OpensslCertificate(string identity)
    {
        var key = Working.Combine("leaf.key");
        var certificate = Working.Combine("leaf.pem");
        var result = Run.Process("openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", certificate, "-days", "1",
            "-subj", "/", "-addext", $"subjectAltName=critical,URI:{identity}", "-addext", $"1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:{Issuer}"]);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(File.ReadAllText(key));
        return (ecdsa, File.ReadAllText(certificate));
    }

    private static async Task<string> PushImageAsync(OciRegistryClient client)
    {
        await client.UploadBlobAsync(Repository, OciDigest.EmptyJsonContent);
        var manifest = new OciImageManifest { Config = OciDescriptor.EmptyJson, Layers = [] }.ToJson();
        return await client.PutManifestAsync(Repository, "1.2.3", manifest, OciMediaTypes.ImageManifest);
    }

    private static async Task SignAsync(OciRegistryClient client, string address, string digest, ECDsa key, string? certificatePem)
    {
        var payload = SimpleSigning.Payload($"{address}/{Repository}", digest);
        var layer = CosignLayer.Signature(payload, CosignSignature.Sign(key, payload));
        if (certificatePem is not null)
        {
            var annotations = new Dictionary<string, string>(layer.Descriptor.Annotations!) { [ImageInspector.CertificateAnnotation] = certificatePem };
            layer = layer with { Descriptor = layer.Descriptor with { Annotations = annotations } };
        }

        await new CosignRegistryStore(client, Repository).AppendAsync(CosignTags.SignatureTag(digest), layer);
    }

    [Test]
    public async Task A_keyless_signature_verifies_only_with_the_release_workflow_s_identity()
    {
        using var registry = new RegistryProcess();
        using var client = registry.Client();
        var digest = await PushImageAsync(client);
        var (ours, ourCertificate) = OpensslCertificate(Workflow);
        await SignAsync(client, registry.Address, digest, ours, ourCertificate);

        var expected = await new ImageInspector(client, [], Workflow).InspectAsync(Repository, "1.2.3");
        var other = await new ImageInspector(client, [], "https://github.com/evil/fork/.github/workflows/release.yml@refs/heads/main").InspectAsync(Repository, digest);

        var signature = expected.Manifests.Single().Signatures.Single();
        Assert.That(signature.SignedBy, Is.EqualTo($"keyless: {Workflow} (issuer {Issuer})"));
        Assert.That(signature.Verifies, Is.True, signature.Detail);
        var refused = other.Manifests.Single().Signatures.Single();
        Assert.That(refused.Verifies, Is.False);
        Assert.That(refused.Detail, Does.Contain("not the release workflow's"));
    }

    [Test]
    public async Task A_signature_verifies_with_the_known_key_that_made_it_and_not_with_another()
    {
        using var registry = new RegistryProcess();
        using var client = registry.Client();
        var digest = await PushImageAsync(client);
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await SignAsync(client, registry.Address, digest, signing, null);

        var known = await new ImageInspector(client, [new KnownKey("deploy/cosign.pub", KnownKey.FingerprintOf(signing), signing)], null).InspectAsync(Repository, digest);
        var unknown = await new ImageInspector(client, [new KnownKey("deploy/keys/old.pub", KnownKey.FingerprintOf(other), other)], null).InspectAsync(Repository, digest);

        var signature = known.Manifests.Single().Signatures.Single();
        Assert.That((signature.SignedBy, signature.Verifies, signature.Detail), Is.EqualTo(($"key {KnownKey.FingerprintOf(signing)[..12]}", true, "verifies with deploy/cosign.pub")));
        Assert.That(unknown.Manifests.Single().Signatures.Single().Verifies, Is.False);
        Assert.That(unknown.Manifests.Single().Signatures.Single().Detail, Does.Contain("deploy/keys/old.pub"));
    }

    [Test]
    public void A_real_Fulcio_certificate_s_identity_and_issuer_are_what_openssl_shows()
    {
        var bundle = JsonNode.Parse(File.ReadAllText(Path.Combine(BuildProgram.RepositoryRoot, "tests", "fixtures", "cosign", "cosign-attest-oci-attestation.sigstore.json")))!;
        var der = Convert.FromBase64String(bundle["verificationMaterial"]!["certificate"]!["rawBytes"]!.GetValue<string>());
        var file = Working.Combine("fulcio.der");
        File.WriteAllBytes(file, der);
        var openssl = Run.Process("openssl", ["x509", "-inform", "DER", "-in", file, "-noout", "-ext", "subjectAltName"]);
        Assert.That(openssl.ExitCode, Is.Zero, openssl.ToString());

        using var certificate = X509CertificateLoader.LoadCertificate(der);
        var (identity, issuer) = ImageInspector.IdentityOf(certificate);

        Assert.That(openssl.Output, Does.Contain("email:" + identity));
        Assert.That(issuer, Is.EqualTo("https://github.com/login/oauth"));
    }

    [Test]
    public async Task Referrers_come_from_the_registry_s_referrers_API_where_it_has_one_Contract()
    {
        var digest = "sha256:" + new string('a', 64);
        var referrer = "sha256:" + new string('b', 64);
        var index = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{referrer}}","size":123,"artifactType":"application/vnd.dev.sigstore.bundle.v0.3+json"}]}""";
        var asked = new List<string>();
        using var server = new LoopbackHttpListener((context, _) =>
        {
            asked.Add(context.Request.Url!.AbsolutePath);
            if (context.Request.Url.AbsolutePath == $"/v2/{Repository}/referrers/{digest}")
            {
                context.Response.ContentType = "application/vnd.oci.image.index.v1+json";
                var body = System.Text.Encoding.UTF8.GetBytes(index);
                context.Response.OutputStream.Write(body);
            }
            else
            {
                context.Response.StatusCode = (int)HttpStatusCode.NotFound;
            }

            context.Response.Close();
        });
        using var client = new OciRegistryClient(server.BaseUri);

        var referrers = await client.GetReferrersAsync(Repository, digest);

        Assert.That(referrers.FromApi, Is.True);
        Assert.That(referrers.Manifests.Select(manifest => (manifest.Digest, manifest.ArtifactType)), Is.EqualTo(new[] { (referrer, (string?)"application/vnd.dev.sigstore.bundle.v0.3+json") }));
        Assert.That(asked, Has.None.Contain(digest.Replace(':', '-')), "no fallback tag where the API answers");
    }
}
