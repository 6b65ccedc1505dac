using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account;

[AllowAnonymous]
public sealed class RegisterModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, RoleManager<IdentityRole> roles, ILogger<RegisterModel> log) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [StringLength(256)]
        [Display(Name = "Email address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(100, MinimumLength = 10, ErrorMessage = "Your password needs at least {2} characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type your password again.")]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
        [Display(Name = "Type the password again")]
        public string ConfirmPassword { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        var email = Input.Email.Trim();
        if (await users.FindByEmailAsync(email) is not null)
        {
            ModelState.AddModelError("Input.Email", "An account with this email address already exists. Log in, or reset your password if you have forgotten it.");
            return Page();
        }

        var user = new AppUser { UserName = email, Email = email };
        var result = await users.CreateAsync(user, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var key = error.Code switch
                {
                    nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName) => "Input.Email",
                    nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName) => "Input.Email",
                    _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => "Input.Password",
                    _ => "",
                };
                var message = key == "Input.Email" && error.Code.StartsWith("Duplicate", StringComparison.Ordinal)
                    ? "An account with this email address already exists. Log in, or reset your password if you have forgotten it."
                    : error.Description;
                ModelState.AddModelError(key, message);
            }
            return Page();
        }

        await roles.EnsureRolesAsync([Roles.Patient]);
        await users.AddToRoleAsync(user, Roles.Patient);
        log.LogInformation("New account {UserId} created", user.Id);
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect(AccountHelpers.SafeReturnUrl(Url, ReturnUrl));
    }
}
