global using Cake.Frosting;
global using NUnit.Framework;
