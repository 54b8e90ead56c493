namespace Build.Inspection;

/// <summary>What the registry holds for an image: the manifest asked for, each platform manifest, and the chart that pins it.</summary>
public sealed record InspectionReport(string Image, string Digest, string MediaType, IReadOnlyList<InspectedManifest> Manifests, InspectedChart? Chart);

/// <summary>One manifest (the index or a platform image) with what refers to it.</summary>
public sealed record InspectedManifest(
    string Digest,
    string? Platform,
    IReadOnlyList<InspectedSignature> Signatures,
    IReadOnlyList<InspectedAttestation> Attestations,
    IReadOnlyList<InspectedReferrer> Referrers,
    string ReferrersSource);

/// <summary>A <c>.sig</c> layer: who signed it and whether that checks out.</summary>
public sealed record InspectedSignature(string SignedBy, bool Verifies, string Detail);

/// <summary>An <c>.att</c> layer: its predicate type, the subjects its statement names, and whether its signature checks out.</summary>
public sealed record InspectedAttestation(string PredicateType, IReadOnlyList<string> Subjects, string SignedBy, bool Verifies, string Detail);

/// <summary>An OCI 1.1 referrer (the referrers API or its fallback tag).</summary>
public sealed record InspectedReferrer(string Digest, string? ArtifactType, string MediaType);

/// <summary>The release's chart in the registry and the image digest its values pin.</summary>
public sealed record InspectedChart(string Reference, string? PinnedDigest, bool PinsThisImage);
