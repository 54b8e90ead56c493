using System.Net;
using System.Text;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.Registry;

/// <summary>The rules of the registry's small types, one per test: digests, OCI documents, logins, errors, auth files.</summary>
public sealed class RegistryModelRulesTests
{
    private const string EmptyDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    [Test]
    public void A_digest_of_another_algorithm_is_not_checked_against_sha256()
    {
        Assert.That(OciDigest.Matches("sha512:" + new string('a', 128), "{}"u8), Is.True);
        Assert.That(OciDigest.Matches(EmptyDigest, "{}"u8), Is.True);
        Assert.That(OciDigest.Matches(EmptyDigest, "[]"u8), Is.False);
    }

    [TestCase(EmptyDigest, true)]
    [TestCase("sha256:44136FA355B3678A1146AD16F7E8649E94FB4FC21FE77E8310C060F61CAAFF8A", false)]
    [TestCase("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8", false)]
    [TestCase("sha512:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", false)]
    [TestCase(null, false)]
    public void Only_sha256_with_64_lowercase_hex_digits_is_a_sha256_digest(string? digest, bool expected)
    {
        Assert.That(OciDigest.IsSha256(digest), Is.EqualTo(expected));
    }

    [Test]
    public void A_value_that_is_not_a_sha256_digest_is_refused_naming_it_and_the_expected_form()
    {
        Assert.That(OciDigest.RequireSha256(EmptyDigest, "--digest"), Is.EqualTo(EmptyDigest));

        var error = Assert.Throws<ArgumentException>(() => OciDigest.RequireSha256("latest", "--digest"));

        Assert.That(error!.Message, Does.Contain("--digest 'latest'").And.Contain("sha256: followed by 64 lowercase hex digits"));
    }

    [Test]
    public void A_document_whose_mediaType_is_a_manifest_is_refused_as_an_index()
    {
        var error = Assert.Throws<InvalidDataException>(() => OciIndex.Parse(Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{OciMediaTypes.ImageManifest}}","manifests":[]}""")));

        Assert.That(error!.Message, Does.Contain($"its mediaType is {OciMediaTypes.ImageManifest}"));
        Assert.That(OciIndex.Parse(Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{OciMediaTypes.DockerManifestList}}","manifests":[]}""")).Manifests, Is.Empty);
    }

    [Test]
    public void A_descriptor_without_a_digest_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => OciImageManifest.Parse("""{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.empty.v1+json","size":2}}"""u8));

        Assert.That(error!.Message, Does.Contain("not an OCI image manifest").And.Contain("digest"));
    }

    [Test]
    public void A_descriptor_whose_digest_is_null_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => OciImageManifest.Parse("""{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":null,"size":2}}"""u8));

        Assert.That(error!.Message, Does.Contain("not an OCI image manifest").And.Contain("digest"));
    }

    [Test]
    public void A_JSON_null_is_not_a_manifest()
    {
        var error = Assert.Throws<InvalidDataException>(() => OciImageManifest.Parse("null"u8));

        Assert.That(error!.Message, Does.Contain("not an OCI image manifest: it is JSON null"));
    }

    [Test]
    public void A_platform_with_a_variant_is_written_os_architecture_variant()
    {
        Assert.That(new OciPlatform("linux", "arm", "v7").ToString(), Is.EqualTo("linux/arm/v7"));
        Assert.That(new OciPlatform("linux", "amd64").ToString(), Is.EqualTo("linux/amd64"));
    }

    [Test]
    public void Both_halves_given_make_a_login()
    {
        Assert.That(RegistryCredentials.From("robot", "pw", "REGISTRY_USERNAME/REGISTRY_PASSWORD"), Is.EqualTo(new RegistryCredentials("robot", "pw")));
    }

    [Test]
    public void A_password_without_a_username_names_the_source_and_the_missing_username()
    {
        var error = Assert.Throws<ArgumentException>(() => RegistryCredentials.From("", "pw", "REGISTRY_USERNAME/REGISTRY_PASSWORD"));

        Assert.That(error!.Message, Does.Contain("REGISTRY_USERNAME/REGISTRY_PASSWORD").And.Contain("password is set without a username"));
    }

    [TestCase(HttpStatusCode.InternalServerError, true)]
    [TestCase(HttpStatusCode.ServiceUnavailable, true)]
    [TestCase(HttpStatusCode.RequestTimeout, true)]
    [TestCase(HttpStatusCode.TooManyRequests, true)]
    [TestCase((HttpStatusCode)499, false)]
    [TestCase(HttpStatusCode.NotFound, false)]
    [TestCase(HttpStatusCode.Unauthorized, false)]
    public void Answers_408_429_and_every_5xx_are_transient_and_other_4xx_are_not(HttpStatusCode status, bool transient)
    {
        Assert.That(new RegistryException("answer", status).IsTransient, Is.EqualTo(transient));
    }

    [Test]
    public void A_login_saved_under_a_URL_key_is_found_for_its_host()
    {
        using var directory = new TempDirectory("rdscsi-dockerconfig");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:pw-1234"));
        var path = directory.Write("config.json", "{\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \"" + auth + "\"}, \"quay.io/org\": {\"auth\": \"" + auth + "\"}}}");

        Assert.That(DockerConfig.Find("index.docker.io", path), Is.EqualTo(new RegistryCredentials("robot", "pw-1234")));
        Assert.That(DockerConfig.Find("quay.io", path), Is.EqualTo(new RegistryCredentials("robot", "pw-1234")));
        Assert.That(DockerConfig.Find("https:", path), Is.Null);
    }

    [Test]
    public void A_config_whose_login_cannot_be_decoded_is_still_readable()
    {
        using var directory = new TempDirectory("rdscsi-dockerconfig");
        var path = directory.Write("config.json", """{"auths": {"": {"auth": "%%not-base64%%"}}}""");

        Assert.That(DockerConfig.IsUnreadable(path), Is.False, "the file is JSON; only one login in it is broken");
    }

    [Test]
    public void The_auth_file_lives_in_its_own_rdscsi_auth_folder_under_the_temp_folder()
    {
        using var file = RegistryAuthFile.For("ghcr.io", new RegistryCredentials("robot", "pw"))!;
        var folder = Path.GetDirectoryName(file.Path)!;

        Assert.That(Path.GetFileName(folder), Does.StartWith("rdscsi-auth-"));
        Assert.That(Path.GetDirectoryName(folder) + Path.DirectorySeparatorChar, Is.EqualTo(Path.GetTempPath()));
        Assert.That(Directory.GetFileSystemEntries(folder), Is.EqualTo(new[] { file.Path }));
    }

    [Test]
    public void With_docker_s_config_isolated_the_tool_reads_it_from_the_private_folder_only()
    {
        using var isolated = RegistryAuthFile.For("ghcr.io", null, isolateDockerConfig: true)!;
        using var shared = RegistryAuthFile.For("ghcr.io", new RegistryCredentials("robot", "pw"))!;

        Assert.That(isolated.ToolEnvironment, Is.EqualTo(new Dictionary<string, string> { ["DOCKER_CONFIG"] = Path.GetDirectoryName(isolated.Path)! }));
        Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(isolated.Path)!, "config.json")), Is.False);
        Assert.That(File.ReadAllText(isolated.Path), Is.EqualTo("""{"auths":{}}"""));
        Assert.That(shared.ToolEnvironment, Is.Empty);
    }
    [Test]
    public void A_manifest_of_an_older_schema_is_refused_naming_its_version()
    {
        var error = Assert.Throws<InvalidDataException>(() => OciImageManifest.Parse("""{"schemaVersion":1,"config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:aa","size":2}}"""u8));

        Assert.That(error!.Message, Does.Contain("schemaVersion is 1, not 2"));
    }

    [Test]
    [NonParallelizable]
    public void Docker_s_config_is_found_in_DOCKER_CONFIG_or_else_in_HOME_s_dot_docker()
    {
        using var directory = new TempDirectory("rdscsi-dockerconfig");
        directory.Write(Path.Combine("custom", "config.json"), "{");
        directory.Write(Path.Combine("home", ".docker", "config.json"), "{");
        var dockerConfig = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        var home = Environment.GetEnvironmentVariable("HOME");
        try
        {
            Environment.SetEnvironmentVariable("DOCKER_CONFIG", directory.Combine("custom"));
            Environment.SetEnvironmentVariable("HOME", directory.Combine("nowhere"));
            Assert.That(DockerConfig.IsUnreadable(), Is.True, "DOCKER_CONFIG/config.json is read");

            Environment.SetEnvironmentVariable("DOCKER_CONFIG", "");
            Environment.SetEnvironmentVariable("HOME", directory.Combine("home"));
            Assert.That(DockerConfig.IsUnreadable(), Is.True, "$HOME/.docker/config.json is read");

            Environment.SetEnvironmentVariable("HOME", directory.Combine("nowhere"));
            Assert.That(DockerConfig.IsUnreadable(), Is.False, "no config, nothing unreadable");
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_CONFIG", dockerConfig);
            Environment.SetEnvironmentVariable("HOME", home);
        }
    }
}
