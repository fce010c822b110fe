from tests.factories import ActionFactory


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_committee_member_sees_active_plans_with_role(committee_client):
    action = ActionFactory()
    response = committee_client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert action.priority.plan.name in page
    assert "Committee member" in page
