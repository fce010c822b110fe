from django.urls import reverse


def test_admin_sees_data_entry_links_and_one_current_link(admin_client):
    page = admin_client.get(reverse("performance:entry")).content.decode()
    assert "Enter figures" in page and "Import figures" in page
    assert page.count('aria-current="page"') == 1
    assert 'href="/performance/entry/" aria-current="page"' in page


def test_committee_member_gets_no_my_actions_or_data_entry(committee_client):
    page = committee_client.get(reverse("home")).content.decode()
    assert "My actions" not in page
    assert "Enter figures" not in page
    assert 'href="/" aria-current="page"' in page


def test_manager_gets_my_actions(manager_client):
    page = manager_client.get(reverse("improvement:plan_list")).content.decode()
    assert "My actions" in page
    assert "Enter figures" not in page
