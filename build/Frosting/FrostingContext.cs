using Cake.Core;

namespace Cake.Frosting;

public interface IFrostingContext : ICakeContext;

/// <summary>The default context: Cake's context, to derive typed build state from.</summary>
public class FrostingContext(ICakeContext context) : CakeContextAdapter(context), IFrostingContext;
