from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.accounts.throttling import client_address
from decentwork.controlled_lists import Accommodation, ContractType, TargetGroup
from decentwork.network.models import Office
from decentwork.pagination import LongListPaginator
from decentwork.ratelimit import limit_posts
from decentwork.seekers.access import (
    InvitationProblem,
    UnusableInvitationError,
    access_experience,
    access_seeker,
    access_seeker_as_staff,
    access_seeker_to_edit,
    access_sign_up_office,
    caseload_for,
    confirmed_skills,
    consent_states,
    inferred_skill_groups,
    office_of_staff,
    open_invitation,
    pending_invitation,
    read_sensitive,
    require_counselling,
    sign_up_offices,
)
from decentwork.seekers.actions import (
    accept_invitation,
    add_experience_in_own_words,
    add_skills,
    can_edit_seeker,
    confirm_skill,
    give_consent,
    invite_seeker,
    link_work_experience,
    remove_skill,
    remove_spoken_language,
    remove_work_experience,
    set_accommodation_needs,
    set_spoken_language,
    sign_up_seeker,
    update_preferences,
    withdraw_consent,
)
from decentwork.seekers.forms import (
    ACCOMMODATION_HELP,
    NO_OCCUPATION,
    AccommodationsForm,
    ConsentForm,
    InviteForm,
    JoinForm,
    OccupationChoiceForm,
    PreferencesForm,
    SignUpForm,
    SkillChoiceForm,
    SkillTextForm,
    SpokenLanguageForm,
    WorkDescriptionForm,
    WorkExperienceForm,
)
from decentwork.seekers.languages import spoken_language_name
from decentwork.seekers.models import (
    ConsentScope,
    JobSeeker,
    SeekerSkill,
    SeekerStatus,
    SpokenLanguage,
    WorkExperience,
)
from decentwork.seekers.wording import CONSENT_EXPLANATIONS, WITHDRAW_ANY_TIME
from decentwork.taxonomy.access import access_concept_by_uri, preferred_labels
from decentwork.taxonomy.link_service import (
    LinkResult,
    find_skills,
    link_texts,
    linking_language,
)
from decentwork.taxonomy.models import Concept, ConceptKind

CASELOAD_PAGE_SIZE = 50
SKILL_SUGGESTIONS = 8


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, even when empty: a form of checkboxes all left unticked
    sends nothing, and that is an answer, not an unsent form."""
    return request.POST if request.method == "POST" else None


def _put_errors(form: Form, error: ValidationError) -> None:
    """An action's errors on the form: under their field where the form has it (so
    the message is tied to the input), at the top of the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error)


def _profile_url(user: User, seeker: JobSeeker) -> str:
    """Where "back to the profile" leads: the person's own hub, or the staff page."""
    if scope_of(user).is_seeker_self(seeker.pk):
        return reverse("seekers:my_profile")
    return reverse("seekers:seeker_detail", args=[seeker.pk])


def _edit_context(user: User, seeker: JobSeeker, **extra: Any) -> dict[str, Any]:
    is_self = scope_of(user).is_seeker_self(seeker.pk)
    return {"seeker": seeker, "is_self": is_self, "back_url": _profile_url(user, seeker),
            **extra}


def _languages(seeker: JobSeeker) -> list[tuple[str, str, str]]:
    """(code, name, level) of each spoken language, by name: never a bare code."""
    spoken = [(s.language, spoken_language_name(s.language), s.get_level_display())
              for s in SpokenLanguage.objects.filter(seeker=seeker)]
    return sorted(spoken, key=lambda item: item[1].casefold())


def _with_next_run(user: User, seeker: JobSeeker, message: str) -> str:
    """A change matching reads shows in the lists of the next run only: say so (the
    recommendations page says when the last one was)."""
    if scope_of(user).is_seeker_self(seeker.pk):
        later = _("Your recommendations will change at the next matching run.")
    else:
        later = _("The recommendations will change at the next matching run.")
    return f"{message} {later}"


# The seeker page's link that opens the sensitive details (``?show=sensitive``).
SHOW_SENSITIVE = "sensitive"


def _profile_context(user: User, seeker: JobSeeker, *, show_sensitive: bool) -> dict[str, Any]:
    """The profile's parts. Target groups and accommodation needs only with
    ``show_sensitive``, read (and audited) once through ``read_sensitive``; without
    it the consents that would tell them are left out too."""
    is_self = scope_of(user).is_seeker_self(seeker.pk)
    sensitive = (read_sensitive(user, seeker, purpose="own_profile" if is_self else
                                "seeker_page") if show_sensitive else None)
    states = consent_states(seeker)
    given = {state.scope for state in states if state.given}
    experiences = (WorkExperience.objects.filter(seeker=seeker).select_related("occupation")
                   .prefetch_related(preferred_labels("occupation__")).order_by("id"))
    return _edit_context(
        user, seeker,
        experiences=experiences,
        skills=confirmed_skills(seeker),
        inferred=inferred_skill_groups(seeker, get_language() or "en"),
        languages=_languages(seeker),
        contracts=[ContractType(v).label for v in seeker.accepted_contracts
                   if v in ContractType.values],
        sensitive=sensitive,
        needs=[Accommodation(v).label for v in sensitive.accommodation_needs
               if v in Accommodation.values] if sensitive else [],
        groups=[TargetGroup(v).label for v in sensitive.target_groups
                if v in TargetGroup.values] if sensitive else [],
        # Needs kept from before consent was asked (ADR 0004) wait for it.
        needs_unused=bool(sensitive and sensitive.accommodation_needs)
        and ConsentScope.ACCOMMODATION_MATCHING not in given,
        given_consents=[state for state in states if state.given and not state.is_target_group
                        and (sensitive is not None or not state.is_sensitive)],
        language=get_language() or "en",
        can_edit=can_edit_seeker(user, seeker),
    )


# Signing up and accepting an invitation (no login yet).

@sensitive_post_parameters("password", "password2")
@never_cache
@limit_posts("sign_up", "RATE_LIMIT_SIGN_UP", key_of=client_address,
             message=lambda: _("Many people signed up from this network in a short time."))
def sign_up(request: HttpRequest) -> HttpResponse:
    """A person registers themselves at the office they choose."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(_posted(request), offices=sign_up_offices(),
                      initial={"preferred_language": get_language() or settings.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            seeker = sign_up_seeker(
                office=access_sign_up_office(data["office"]), first_name=data["first_name"],
                last_name=data["last_name"], email=data["email"], password=data["password"],
                preferred_language=data["preferred_language"])
        except ValidationError as error:
            _put_errors(form, error)
        else:
            return _welcome(request, seeker, _("Welcome! Your account is ready. Tell us about "
                                               "your work and what you need."))
    return render(request, "seekers/sign_up.html", {"form": form})


def _welcome(request: HttpRequest, seeker: JobSeeker, message: str) -> HttpResponse:
    assert seeker.user is not None
    login(request, seeker.user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, message)
    response = redirect("seekers:my_profile")
    # The pages speak the language the person chose from now on.
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, seeker.user.preferred_language,
                        samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    return response


@sensitive_post_parameters("password", "password2")
@never_cache
def join(request: HttpRequest, token: str) -> HttpResponse:
    """The link of an invitation: choose a password (and say one's name when the
    office has no record yet). A link that cannot be used says why, plainly."""
    try:
        invitation = open_invitation(token)
    except UnusableInvitationError as unusable:
        status = 404 if unusable.problem == InvitationProblem.UNKNOWN else 410
        return render(request, "seekers/join_unusable.html", {
            "problem": unusable.problem.value, "invitation": unusable.invitation,
        }, status=status)
    language = (invitation.seeker.preferred_language if invitation.seeker is not None
                else get_language())
    form = JoinForm(_posted(request), ask_names=invitation.seeker is None,
                    initial={"preferred_language": language})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            seeker = accept_invitation(
                token, password=data["password"], first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                preferred_language=data["preferred_language"])
        except ValidationError as error:
            _put_errors(form, error)
        else:
            return _welcome(request, seeker, _("Welcome! You are signed in."))
    return render(request, "seekers/join.html", {"invitation": invitation, "form": form})


# Counsellors: the caseload, a seeker's page, invitations.

@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    """Seekers of the counsellor's office by status (those looking for work unless
    asked), longest registered first: people in work stay reachable for follow-up."""
    status = request.GET.get("status", SeekerStatus.ACTIVE)
    if status not in SeekerStatus.values:
        status = SeekerStatus.ACTIVE
    require_counselling(request.user)  # type: ignore[arg-type]
    seekers = caseload_for(request.user, status)  # type: ignore[arg-type]
    page = LongListPaginator(seekers, CASELOAD_PAGE_SIZE,
                             count_key=f"seekers.caseload:{request.user.pk}:{status}"
                             ).get_page(request.GET.get("page"))
    return render(request, "seekers/caseload.html", {
        "page": page, "invite_form": InviteForm(), "status": status,
        "looking": status == SeekerStatus.ACTIVE,
        "statuses": SeekerStatus.choices,
        "page_query": "" if status == SeekerStatus.ACTIVE else f"status={status}&",
        "can_invite": scope_of(request.user).is_staff_of_office,
    })


@login_required
def seeker_detail(request: HttpRequest, seeker_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    seeker = access_seeker_as_staff(user, seeker_id)
    scope = scope_of(user)
    # Staff open the sensitive details on purpose, so that the audit log tells who
    # looked at whose; merely opening the page (to book an appointment) reads none.
    context = _profile_context(user, seeker,
                               show_sensitive=request.GET.get("show") == SHOW_SENSITIVE)
    context["can_invite"] = seeker.user_id is None and (
        scope.serves_office(seeker.office_id, seeker.office.site_id))
    if context["can_invite"]:
        context["invite_form"] = InviteForm()
        context["invitation"] = pending_invitation(seeker)
    return render(request, "seekers/seeker_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    """Invite a new person to the counsellor's office by email."""
    user: User = request.user  # type: ignore[assignment]
    office = office_of_staff(user)
    return _invite(request, user, office=office, seeker=None,
                   back_url=reverse("seekers:caseload"))


@login_required
@require_http_methods(["GET", "POST"])
def invite_existing(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """Invite a person the office already registered to take a login."""
    user: User = request.user  # type: ignore[assignment]
    seeker = access_seeker_as_staff(user, seeker_id)
    return _invite(request, user, office=seeker.office, seeker=seeker,
                   back_url=reverse("seekers:seeker_detail", args=[seeker.pk]))


def _invite(request: HttpRequest, user: User, *, office: Office, seeker: JobSeeker | None,
            back_url: str) -> HttpResponse:
    form = InviteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = invite_seeker(
                user, office=office, email=form.cleaned_data["email"], seeker=seeker)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("We sent an invitation to %(email)s. The link works "
                                        "for 14 days.") % {"email": invitation.email})
            return redirect(back_url)
    return render(request, "seekers/invite.html", {
        "form": form, "office": office, "seeker": seeker, "back_url": back_url})


# The person's profile and its edit pages (the person, or their office's staff).

@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    """The person's own hub: what the service knows about them, each part with a
    page to change it."""
    user: User = request.user  # type: ignore[assignment]
    seeker_id = scope_of(user).seeker_id
    if seeker_id is None:
        raise Http404("Not a job seeker")
    seeker = access_seeker(user, seeker_id)
    return render(request, "seekers/my_profile.html",
                  _profile_context(user, seeker, show_sensitive=True))


def _occupation_choices(result: LinkResult, current: Concept | None
                        ) -> list[tuple[str, str]]:
    choices = [(m.concept.uri, m.label) for m in result.matches]
    if current is not None and current.uri not in {uri for uri, _label in choices}:
        choices.insert(0, (current.uri, current.label(get_language() or "en")))
    return [*choices, (NO_OCCUPATION, _("None of these: keep my own words only"))]


def _link_occupations(user: User, text: str, language: str) -> LinkResult:
    return link_texts(user, [text], kind="occupation", language=language, k=5,
                      display_language=get_language() or "en")[0]


def _chosen_occupation(user: User, uri: str) -> Concept | None:
    return None if uri == NO_OCCUPATION else access_concept_by_uri(user, uri)


@login_required
def add_experience(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """Two steps, no script needed: describe the job, then confirm the occupation we
    suggest, pick another suggestion, or keep the words unlinked (the choice
    teaches the site's linker)."""
    user: User = request.user  # type: ignore[assignment]
    seeker = access_seeker_to_edit(user, seeker_id)
    form: WorkDescriptionForm = WorkDescriptionForm(
        _posted(request), initial={"language": seeker.preferred_language})
    result = None
    if request.method == "POST" and form.is_valid():
        language = linking_language(form.cleaned_data["language"])
        result = _link_occupations(user, form.cleaned_data["title"], language)
        choosing = "save" in request.POST
        data = request.POST.copy()
        if not choosing and result.matches:
            # Our best guess comes ticked: confirming it is one press of "Save".
            data["occupation"] = result.matches[0].concept.uri
        form = WorkExperienceForm(data, suggestions=result, choosing=choosing)
        if choosing and form.is_valid():
            try:
                add_experience_in_own_words(
                    user, seeker, title=form.cleaned_data["title"], language=language,
                    occupation=_chosen_occupation(user, form.cleaned_data["occupation"]),
                    suggested=result.matches[0].concept if result.matches else None,
                    years=form.cleaned_data["years"], informal=form.cleaned_data["informal"])
            except ValidationError as error:
                _put_errors(form, error)
            else:
                messages.success(request, _with_next_run(
                    user, seeker, _("The work experience was added.")))
                return redirect(_profile_url(user, seeker))
    return render(request, "seekers/add_experience.html", _edit_context(
        user, seeker, form=form, result=result))


@login_required
@require_http_methods(["GET", "POST"])
def edit_experience(request: HttpRequest, seeker_id: int, experience_id: int) -> HttpResponse:
    """Confirm, change or remove the occupation of a job already on the profile,
    or remove the job."""
    user: User = request.user  # type: ignore[assignment]
    seeker = access_seeker_to_edit(user, seeker_id)
    experience = access_experience(user, seeker, experience_id)
    if request.method == "POST" and "remove" in request.POST:
        remove_work_experience(user, experience)
        messages.success(request, _with_next_run(
            user, seeker, _("The work experience was removed.")))
        return redirect(_profile_url(user, seeker))
    result = _link_occupations(user, experience.title,
                               linking_language(experience.language or seeker.preferred_language))
    current = experience.occupation
    initial = current.uri if current is not None else (
        result.matches[0].concept.uri if result.matches else NO_OCCUPATION)
    form = OccupationChoiceForm(_posted(request), initial={"occupation": initial},
                                choices=_occupation_choices(result, current))
    if request.method == "POST" and form.is_valid():
        try:
            link_work_experience(
                user, experience, occupation=_chosen_occupation(user,
                                                                form.cleaned_data["occupation"]),
                suggested=result.matches[0].concept if result.matches else None)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _with_next_run(
                user, seeker, _("The work experience was saved.")))
            return redirect(_profile_url(user, seeker))
    return render(request, "seekers/edit_experience.html", _edit_context(
        user, seeker, experience=experience, form=form, result=result))


def _skill_suggestions(user: User, seeker: JobSeeker, text: str, language: str
                       ) -> list[tuple[str, str]]:
    """Skills named in the words, in the order they appear, then the skills closest
    to the words as a whole (the person ticks the right ones, so a wider net costs
    little). Skills already on the profile are left out."""
    display = get_language() or "en"
    found = [(f.skill.concept.uri, f.skill.label) for f in
             find_skills(user, text, language=language, display_language=display)]
    found += [(m.concept.uri, m.label) for m in link_texts(
        user, [text], kind="skill", language=language, k=5,
        display_language=display)[0].matches]
    have = set(SeekerSkill.objects.filter(seeker=seeker).values_list("skill__uri", flat=True))
    unique = {uri: label for uri, label in found if uri not in have}
    return list(unique.items())[:SKILL_SUGGESTIONS]


@login_required
@require_http_methods(["GET", "POST"])
def edit_skills(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """The skills on the profile, each removable; those inferred from work
    experience, each to confirm or remove; and new ones found in the person's own
    words: ticked ones are added. Confirm and Remove also come from the profile
    page (``back=profile``), which the person then returns to."""
    user: User = request.user  # type: ignore[assignment]
    seeker = access_seeker_to_edit(user, seeker_id)
    if request.method == "POST" and ("remove" in request.POST or "confirm" in request.POST):
        confirming = "confirm" in request.POST
        skill = access_concept_by_uri(user, request.POST["confirm" if confirming else "remove"])
        try:
            if confirming:
                confirm_skill(user, seeker, skill)
            else:
                remove_skill(user, seeker, skill)
        except ValidationError:
            pass  # done already (a second press, another tab): the page shows the truth
        else:
            done = (_("“%(skill)s” was confirmed.") if confirming
                    else _("“%(skill)s” was removed."))
            messages.success(request, _with_next_run(user, seeker, done % {
                "skill": skill.label(get_language() or "en")}))
        if request.POST.get("back") == "profile":
            return redirect(_profile_url(user, seeker))
        return redirect("seekers:edit_skills", seeker_id=seeker.pk)
    form: SkillTextForm = SkillTextForm(_posted(request),
                                        initial={"language": seeker.preferred_language})
    suggestions = None
    if request.method == "POST" and form.is_valid():
        language = linking_language(form.cleaned_data["language"])
        suggestions = _skill_suggestions(user, seeker, form.cleaned_data["text"], language)
        choosing = "add" in request.POST
        form = SkillChoiceForm(request.POST, suggestions=suggestions, choosing=choosing)
        if choosing and form.is_valid():
            concepts = [access_concept_by_uri(user, uri) for uri in form.cleaned_data["skills"]]
            try:
                added = add_skills(user, seeker, concepts, source=SeekerSkill.Source.LINKED)
            except ValidationError as error:
                _put_errors(form, error)
            else:
                messages.success(request, _with_next_run(user, seeker, _(
                    "Skills added: %(count)s.") % {"count": added}))
                return redirect("seekers:edit_skills", seeker_id=seeker.pk)
    return render(request, "seekers/edit_skills.html", _edit_context(
        user, seeker, form=form, suggestions=suggestions,
        skills=confirmed_skills(seeker).filter(skill__kind=ConceptKind.SKILL),
        inferred=inferred_skill_groups(seeker, get_language() or "en"), can_edit=True))


@login_required
@require_http_methods(["GET", "POST"])
def edit_languages(request: HttpRequest, seeker_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    seeker = access_seeker_to_edit(user, seeker_id)
    if request.method == "POST" and "remove" in request.POST:
        code = request.POST["remove"]
        try:
            remove_spoken_language(user, seeker, code)
        except ValidationError:
            pass  # removed already: the page shows the truth
        else:
            messages.success(request, _("%(language)s was removed.") % {
                "language": spoken_language_name(code)})
        return redirect("seekers:edit_languages", seeker_id=seeker.pk)
    form = SpokenLanguageForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            set_spoken_language(user, seeker, language=form.cleaned_data["language"],
                                level=form.cleaned_data["level"])
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("%(language)s was saved.") % {
                "language": spoken_language_name(form.cleaned_data["language"])})
            return redirect("seekers:edit_languages", seeker_id=seeker.pk)
    return render(request, "seekers/edit_languages.html", _edit_context(
        user, seeker, form=form, languages=_languages(seeker)))


@login_required
@require_http_methods(["GET", "POST"])
def edit_preferences(request: HttpRequest, seeker_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    seeker = access_seeker_to_edit(user, seeker_id)
    form = PreferencesForm(_posted(request), initial={
        "preferred_hours": seeker.preferred_hours,
        "accepted_contracts": seeker.accepted_contracts,
        "commute_radius_km": seeker.commute_radius_km,
        "accepts_remote": seeker.accepts_remote,
    })
    if request.method == "POST" and form.is_valid():
        try:
            update_preferences(user, seeker, **form.cleaned_data)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("Your choices were saved.") if scope_of(user)
                             .is_seeker_self(seeker.pk) else _("The choices were saved."))
            return redirect(_profile_url(user, seeker))
    return render(request, "seekers/edit_preferences.html", _edit_context(user, seeker,
                                                                          form=form))


@login_required
@require_http_methods(["GET", "POST"])
def edit_accommodations(request: HttpRequest, seeker_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    seeker = access_seeker_to_edit(user, seeker_id)
    if request.method == "POST":
        form = AccommodationsForm(request.POST)
    else:
        stated = read_sensitive(user, seeker, purpose="edit_accommodations").accommodation_needs
        form = AccommodationsForm(initial={"accommodation_needs": list(stated)})
    if request.method == "POST" and form.is_valid():
        try:
            set_accommodation_needs(user, seeker, form.cleaned_data["accommodation_needs"])
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("What you need at work was saved.") if scope_of(user)
                             .is_seeker_self(seeker.pk) else _("The needs were saved."))
            return redirect(_profile_url(user, seeker))
    field = form["accommodation_needs"]
    # Each choice with the plain-language sentence that says what it means.
    choices = [(choice, ACCOMMODATION_HELP[Accommodation(choice.data["value"])])
               for choice in field]
    return render(request, "seekers/edit_accommodations.html", _edit_context(
        user, seeker, form=form, choices=choices))


@login_required
@require_http_methods(["GET", "POST"])
def consents(request: HttpRequest, seeker_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return _consents(request, user, access_seeker_as_staff(user, seeker_id))


@login_required
@require_http_methods(["GET", "POST"])
def my_consents(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    seeker_id = scope_of(user).seeker_id
    if seeker_id is None:
        raise Http404("Not a job seeker")
    return _consents(request, user, access_seeker_to_edit(user, seeker_id))


def _consents(request: HttpRequest, user: User, seeker: JobSeeker) -> HttpResponse:
    """Each consent in one plain sentence, with a Give or Withdraw button.
    Withdrawing takes effect at once (see ``actions.withdraw_consent``)."""
    here = request.path
    if request.method == "POST":
        giving = "give" in request.POST
        form = ConsentForm({"scope": request.POST.get("give" if giving else "withdraw", "")})
        if not form.is_valid():
            raise Http404("No such consent")
        scope = ConsentScope(form.cleaned_data["scope"])
        try:
            if giving:
                give_consent(user, seeker, scope)
            else:
                withdraw_consent(user, seeker, scope)
        except ValidationError:
            pass  # already given or withdrawn (a second press): the page shows the truth
        else:
            if scope_of(user).is_seeker_self(seeker.pk):
                done = _("You gave this consent: %(scope)s.") if giving else _(
                    "You withdrew this consent: %(scope)s. We stopped using it at once.")
            else:
                done = _("The consent was recorded: %(scope)s.") if giving else _(
                    "The consent was withdrawn: %(scope)s. It stopped being used at once.")
            messages.success(request, done % {"scope": scope.label})
        return redirect(here)
    # Given target-group consents are the groups themselves, and the needs are
    # named under their consent: this page reads the sensitive details.
    sensitive = read_sensitive(user, seeker, purpose="consents_page")
    rows = [(state, CONSENT_EXPLANATIONS[state.scope]) for state in consent_states(seeker)]
    return render(request, "seekers/consents.html", _edit_context(
        user, seeker, rows=rows, withdraw_any_time=WITHDRAW_ANY_TIME,
        needs=[Accommodation(v).label for v in sensitive.accommodation_needs
               if v in Accommodation.values]))
