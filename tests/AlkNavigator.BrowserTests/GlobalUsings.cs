global using Xunit;
global using Microsoft.Playwright;
global using AlkNavigator.Tests;
