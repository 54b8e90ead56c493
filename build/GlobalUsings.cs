global using Cake.Frosting;
