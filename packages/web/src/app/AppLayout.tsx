import {
  AppShell,
  Avatar,
  Burger,
  Group,
  Menu,
  NavLink,
  Text,
  ThemeIcon,
  UnstyledButton,
} from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import {
  IconChartBar,
  IconDatabase,
  IconLayoutDashboard,
  IconLogout,
  IconMessageQuestion,
  IconSettings,
  IconShieldLock,
} from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Outlet, NavLink as RouterNavLink, useNavigate, useSearchParams } from 'react-router'
import { LanguageSwitcher } from '../components/ui/LanguageSwitcher'
import { ThemeToggle } from '../components/ui/ThemeToggle'
import { useMeQuery } from '../data/auth/me-query'
import { useLogoutMutation } from '../data/auth/session-mutations'
import { isTvMode } from '../features/dashboards/share/tv-mode'

export function AppLayout() {
  const { t } = useTranslation()
  const me = useMeQuery()
  const logout = useLogoutMutation()
  const navigate = useNavigate()
  const [opened, { toggle, close }] = useDisclosure()
  const [params] = useSearchParams()
  const user = me.data?.user

  const links = [
    { to: '/dashboards', label: t('nav.dashboards'), icon: IconLayoutDashboard },
    { to: '/questions', label: t('nav.questions'), icon: IconMessageQuestion },
    { to: '/data', label: t('nav.data'), icon: IconDatabase },
    ...(user?.role === 'admin' ? [{ to: '/admin/users', label: t('nav.admin'), icon: IconShieldLock }] : []),
  ]

  // TV mode (`?tv=1`) shows the page alone: no header, no navigation.
  if (isTvMode(params)) return <Outlet />

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" />
            <ThemeIcon radius="md">
              <IconChartBar size={18} />
            </ThemeIcon>
            <Text fw={700}>{t('app.name')}</Text>
          </Group>
          <Group gap="sm">
            <LanguageSwitcher signedIn />
            <ThemeToggle />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton data-testid="user-menu">
                  <Group gap={8}>
                    <Avatar size="sm" radius="xl" color="blue">
                      {user?.name.slice(0, 1).toUpperCase()}
                    </Avatar>
                    <Text size="sm" visibleFrom="sm">
                      {user?.name}
                    </Text>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{user?.email}</Menu.Label>
                <Menu.Item leftSection={<IconSettings size={16} />} onClick={() => navigate('/settings')}>
                  {t('nav.settings')}
                </Menu.Item>
                <Menu.Item
                  color="red"
                  leftSection={<IconLogout size={16} />}
                  onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login') })}
                >
                  {t('nav.logout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <nav aria-label="main">
          {links.map((link) => (
            <NavLink
              key={link.to}
              component={RouterNavLink}
              to={link.to}
              label={link.label}
              leftSection={<link.icon size={18} />}
              onClick={close}
              style={{ borderRadius: 8 }}
            />
          ))}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  )
}
